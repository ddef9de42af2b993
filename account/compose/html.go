package compose

import (
	"html"
	"regexp"
	"strings"
)

// ToHTML renders plain text with light formatting as the HTML alternative
// of a message: *bold*, _italic_, "- " lists, links (http, https, mailto
// only) and "> " quoted blocks. Everything the user typed is escaped;
// only the tags made here are markup.
func ToHTML(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n")
	writeBlocks(&b, lines, 0)
	b.WriteString("</body></html>\n")
	return b.String()
}

// maxQuoteDepth bounds nested blockquotes (deeper levels stay as text).
const maxQuoteDepth = 20

// writeBlocks renders lines as quoted blocks, lists and text lines.
func writeBlocks(b *strings.Builder, lines []string, depth int) {
	for i := 0; i < len(lines); {
		line := lines[i]
		switch {
		case strings.HasPrefix(line, ">") && depth < maxQuoteDepth:
			var inner []string
			for ; i < len(lines) && strings.HasPrefix(lines[i], ">"); i++ {
				l := strings.TrimPrefix(lines[i], ">")
				inner = append(inner, strings.TrimPrefix(l, " "))
			}
			b.WriteString("<blockquote style=\"margin:0 0 0 .8ex;border-left:2px solid #ccc;padding-left:1ex\">\n")
			writeBlocks(b, inner, depth+1)
			b.WriteString("</blockquote>\n")
		case isListItem(line):
			b.WriteString("<ul>\n")
			for ; i < len(lines) && isListItem(lines[i]); i++ {
				b.WriteString("<li>" + inline(strings.TrimSpace(lines[i])[2:]) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		default:
			b.WriteString(inline(line) + "<br>\n")
			i++
		}
	}
}

func isListItem(line string) bool {
	return strings.HasPrefix(strings.TrimLeft(line, " "), "- ")
}

var (
	linkRE   = regexp.MustCompile(`(?i)\b(?:https?://|mailto:)[^\s<>"]+`)
	boldRE   = regexp.MustCompile(`(^|[\s(])\*([^\s*](?:[^*]*[^\s*])?)\*($|[\s).,!?:;])`)
	italicRE = regexp.MustCompile(`(^|[\s(])_([^\s_](?:[^_]*[^\s_])?)_($|[\s).,!?:;])`)
)

// inline renders one line: links as anchors, the rest escaped with
// emphasis applied.
func inline(line string) string {
	var b strings.Builder
	rest := line
	for {
		loc := linkRE.FindStringIndex(rest)
		if loc == nil {
			b.WriteString(emphasis(rest))
			return b.String()
		}
		url := strings.TrimRight(rest[loc[0]:loc[1]], ".,;:!?")
		if strings.HasSuffix(url, ")") && strings.Count(url, "(") < strings.Count(url, ")") {
			url = url[:len(url)-1]
		}
		b.WriteString(emphasis(rest[:loc[0]]))
		esc := html.EscapeString(url)
		b.WriteString(`<a href="` + esc + `">` + esc + `</a>`)
		rest = rest[loc[0]+len(url):]
	}
}

// emphasis escapes s and turns *x* into bold and _x_ into italics.
func emphasis(s string) string {
	s = html.EscapeString(s)
	s = boldRE.ReplaceAllString(s, "$1<b>$2</b>$3")
	return italicRE.ReplaceAllString(s, "$1<i>$2</i>$3")
}
