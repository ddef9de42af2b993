package render

import (
	"strings"
)

// Text converts a text/plain body: paragraphs split at blank lines, line
// breaks kept, lines starting with ">" (">>", "> >" ...) as quotes, and
// http, https and mailto addresses as checked links.
func Text(src string) *Document {
	return text(src, Options{}.withDefaults())
}

func text(src string, opt Options) *Document {
	doc := &Document{}
	if len(src) > opt.MaxInput {
		src = clipUTF8(src, opt.MaxInput)
		doc.Truncated = true
	}
	src = strings.ToValidUTF8(strings.ReplaceAll(src, "\r\n", "\n"), "\uFFFD")
	src = strings.Map(keepPre, src)
	var para []string
	depth := 0
	flush := func() {
		if len(para) == 0 {
			return
		}
		t := strings.Join(para, "\n")
		para = para[:0]
		if strings.TrimSpace(t) == "" {
			return
		}
		if len(doc.Blocks) >= opt.MaxBlocks {
			doc.Truncated = true
			return
		}
		doc.Blocks = append(doc.Blocks, Block{Kind: Paragraph, Quote: min(depth, maxQuote), Inlines: linkify(doc, t, opt.MaxBlocks)})
	}
	for line := range strings.Lines(src) {
		line = strings.TrimSuffix(line, "\n")
		d, rest := quoteDepth(line)
		if d != depth {
			flush()
			depth = d
		}
		switch {
		case strings.TrimSpace(rest) == "":
			flush()
		case rest == "-- " || rest == "--":
			flush() // the signature starts its own paragraph
			para = append(para, rest)
		default:
			para = append(para, rest)
		}
	}
	flush()
	return doc
}

// quoteDepth counts the leading ">" marks of a line (with or without the
// spaces between them) and returns the rest.
func quoteDepth(line string) (int, string) {
	d, i := 0, 0
	for i < len(line) {
		switch {
		case line[i] == '>':
			d++
			i++
			if i < len(line) && line[i] == ' ' {
				i++
			}
		case d > 0 && line[i] == ' ' && i+1 < len(line) && line[i+1] == '>':
			i++
		default:
			return d, line[i:]
		}
	}
	return d, line[i:]
}

// maxURL bounds the length of a linkified address.
const maxURL = 8192

// linkify splits text into plain runs and links (added to doc.Links).
func linkify(doc *Document, t string, maxLinks int) []Inline {
	var out []Inline
	f := newURLFinder(t)
	last := 0
	for len(doc.Links) < maxLinks {
		i, j := f.next()
		if i < 0 {
			break
		}
		if i > last {
			out = append(out, Inline{Text: t[last:i], Link: -1})
		}
		u := t[i:j]
		l := Link{Href: u, Text: u}
		checkLink(&l)
		out = append(out, Inline{Text: u, Link: len(doc.Links)})
		doc.Links = append(doc.Links, l)
		last = j
	}
	if last < len(t) {
		out = append(out, Inline{Text: t[last:], Link: -1})
	}
	return out
}

// urlFinder walks the http, https and mailto addresses of a text in order.
type urlFinder struct {
	t    string
	idx  *multiIndex
	from int
}

func newURLFinder(t string) *urlFinder {
	return &urlFinder{t: t, idx: newMultiIndex(asciiLower(t), "http://", "https://", "mailto:")}
}

// next returns the bounds of the next address, or -1.
func (f *urlFinder) next() (int, int) {
	t := f.t
	for f.from < len(t) {
		i, pat := f.idx.from(f.from)
		if i < 0 {
			f.from = len(t)
			return -1, -1
		}
		if i > 0 && isWordByte(t[i-1]) {
			f.from = i + 1
			continue
		}
		j := i
		for j < len(t) && j-i < maxURL && !strings.ContainsRune(" \t\n<>\"`", rune(t[j])) {
			j++
		}
		j = trimURLEnd(t[i:j]) + i
		if j-i <= len(pat) {
			f.from = i + len(pat) // a scheme with nothing after it
			continue
		}
		f.from = j
		return i, j
	}
	return -1, -1
}

// trimURLEnd returns the length of u without the punctuation that ends
// the sentence rather than the address, and without closing brackets
// that have no opening one inside.
func trimURLEnd(u string) int {
	parens := strings.Count(u, "(") - strings.Count(u, ")")
	brackets := strings.Count(u, "[") - strings.Count(u, "]")
	j := len(u)
	for j > 0 {
		switch c := u[j-1]; {
		case strings.IndexByte(".,;:!?'*", c) >= 0:
			j--
		case c == ')' && parens < 0:
			parens++
			j--
		case c == ']' && brackets < 0:
			brackets++
			j--
		default:
			return j
		}
	}
	return j
}

func isWordByte(c byte) bool {
	return isLetter(c) || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

// asciiLower lowers ASCII letters only, keeping byte offsets aligned.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}
