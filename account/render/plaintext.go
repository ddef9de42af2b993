package render

import (
	"strconv"
	"strings"
)

// PlainText returns the document as readable text, the same for the same
// input: blocks separated by blank lines, list items "- " and "1. ",
// quotes "> ", and links as "text <href>" when the text is not the address.
// The composer quotes from it.
func (d *Document) PlainText() string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			prev := d.Blocks[i-1]
			b.WriteByte('\n')
			if !(prev.Kind == ListItem && bl.Kind == ListItem && prev.Quote == bl.Quote) {
				b.WriteString(strings.TrimRight(strings.Repeat("> ", min(prev.Quote, bl.Quote)), " "))
				b.WriteByte('\n')
			}
		}
		prefix := strings.Repeat("> ", bl.Quote)
		var body, cont string
		switch bl.Kind {
		case Rule:
			body = "----"
		case Image:
			body = "[image]"
			if bl.Alt != "" {
				body = "[image: " + bl.Alt + "]"
			}
		case ListItem:
			marker := "- "
			if bl.Ordered {
				marker = strconv.Itoa(bl.Number) + ". "
			}
			indent := strings.Repeat("  ", max(bl.Depth-1, 0))
			prefix += indent
			cont = strings.Repeat(" ", len(marker))
			body = marker + d.inlineText(bl.Inlines)
		default:
			body = d.inlineText(bl.Inlines)
		}
		for j, line := range strings.Split(body, "\n") {
			if j > 0 {
				b.WriteByte('\n')
				line = cont + line
			}
			if line == "" {
				b.WriteString(strings.TrimRight(prefix, " "))
				continue
			}
			b.WriteString(prefix)
			b.WriteString(line)
		}
	}
	return b.String()
}

// inlineText joins inlines, adding the address after a link whose text
// does not already show it.
func (d *Document) inlineText(in []Inline) string {
	var b strings.Builder
	for i, x := range in {
		b.WriteString(x.Text)
		if x.Link < 0 || x.Link >= len(d.Links) || (i+1 < len(in) && in[i+1].Link == x.Link) {
			continue
		}
		l := d.Links[x.Link]
		if l.Allowed && !sameAsText(l) {
			b.WriteString(" <" + l.Href + ">")
		}
	}
	return b.String()
}

func sameAsText(l Link) bool {
	t := strings.TrimSpace(l.Text)
	h := l.Href
	return t == h || "mailto:"+t == h || t+"/" == h || strings.TrimSuffix(t, "/") == strings.TrimSuffix(h, "/")
}
