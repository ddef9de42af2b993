package render

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// HTML converts an untrusted HTML body into a Document. It never fails:
// broken markup degrades into text.
func HTML(src string, opt Options) *Document {
	opt = opt.withDefaults()
	doc := &Document{}
	if len(src) > opt.MaxInput {
		src = clipUTF8(src, opt.MaxInput)
		doc.Truncated = true
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	c := &converter{doc: doc, opt: opt, link: -1}
	rs := &remoteSet{base: opt.base}
	walk(src, c, rs)
	c.endLink()
	c.flush()
	doc.Remote = rs.report()
	return doc
}

// clipUTF8 cuts s to at most n bytes without splitting a character.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// style is the formatting of a run of text.
type style struct {
	bold, italic, code bool
	link               int
}

// converter builds blocks from the walker's element stream.
type converter struct {
	doc *Document
	opt Options

	cur      []Inline        // finished runs of the open block
	run      strings.Builder // the run being written
	runStyle style
	space    bool // a collapsed white space is pending

	bold, italic, code int
	link               int
	linkText           strings.Builder

	quote    int
	lists    []list
	item     *Block // list item whose first block is still to come
	pre      int
	preStart bool
	heading  int
	tables   []*table
}

type list struct {
	ordered bool
	next    int
}

func (c *converter) style() style {
	return style{bold: c.bold > 0, italic: c.italic > 0, code: c.code > 0, link: c.link}
}

// commit closes the open run.
func (c *converter) commit() {
	if c.run.Len() == 0 {
		return
	}
	s := c.runStyle
	c.cur = append(c.cur, Inline{Text: c.run.String(), Bold: s.bold, Italic: s.italic, Code: s.code, Link: s.link})
	c.run.Reset()
}

// write appends text in the current style.
func (c *converter) write(s string) {
	if s == "" {
		return
	}
	if st := c.style(); st != c.runStyle {
		c.commit()
		c.runStyle = st
	}
	c.run.WriteString(s)
	if c.link >= 0 && c.linkText.Len() < 4096 {
		c.linkText.WriteString(s)
	}
}

// afterSpace reports whether the block is empty or ends in a space or a
// line break, where a collapsed space is dropped.
func (c *converter) afterSpace() bool {
	last := ""
	if c.run.Len() > 0 {
		last = c.run.String()
	} else if n := len(c.cur); n > 0 {
		last = c.cur[n-1].Text
	}
	return last == "" || strings.HasSuffix(last, "\n") || strings.HasSuffix(last, " ")
}

// settle writes a pending space before the style changes, so it keeps the
// style of the text it followed ("a <b>b</b>" has a plain space).
func (c *converter) settle() {
	if c.space && c.pre == 0 && !c.afterSpace() {
		c.write(" ")
	}
	c.space = false
}

func (c *converter) text(s string) {
	if c.pre > 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		if c.preStart {
			s = strings.TrimPrefix(s, "\n")
		}
		c.preStart = false
		c.write(strings.Map(keepPre, s))
		return
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f':
			c.space = true
			continue
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			r = utf8.RuneError // shown, not dropped: dropping could join "<\x00script"
		}
		if c.space && (b.Len() > 0 || !c.afterSpace()) {
			b.WriteByte(' ')
		}
		c.space = false
		b.WriteRune(r)
	}
	c.write(b.String())
}

// keepPre replaces control characters in preformatted text, keeping tabs
// and line breaks.
func keepPre(r rune) rune {
	if r == '\t' || r == '\n' {
		return r
	}
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
		return utf8.RuneError
	}
	return r
}

func (c *converter) br() {
	c.inCellBlock()
	c.space = false
	c.write("\n")
}

// flush ends the open block.
func (c *converter) flush() {
	c.commit()
	inl := trimInlines(c.cur, c.pre > 0)
	c.cur, c.space = nil, false
	if inl == nil {
		return
	}
	b := Block{Kind: Paragraph, Quote: min(c.quote, maxQuote), Inlines: inl}
	switch {
	case c.pre > 0:
		b.Kind = Preformatted
	case c.heading > 0:
		b.Kind, b.Level = Heading, c.heading
	case c.item != nil:
		b.Kind, b.Ordered, b.Depth, b.Number = ListItem, c.item.Ordered, c.item.Depth, c.item.Number
		c.item = nil
	}
	c.add(b)
}

func (c *converter) add(b Block) {
	if len(c.doc.Blocks) >= c.opt.MaxBlocks {
		c.doc.Truncated = true
		return
	}
	c.doc.Blocks = append(c.doc.Blocks, b)
}

// inlineStyleTags change the style of a run.
var inlineStyleTags = set("b", "strong", "i", "em", "cite", "dfn", "var", "code", "tt", "kbd", "samp", "a")

// blockTags start and end a paragraph.
var blockTags = set("p", "div", "center", "section", "article", "aside", "header", "footer", "main", "nav",
	"address", "figure", "figcaption", "details", "summary", "dl", "dt", "dd", "fieldset", "legend",
	"form", "caption", "hgroup", "menu", "dir", "label")

func (c *converter) start(name string, attrs []html.Attribute, _ bool) {
	if inlineStyleTags[name] {
		c.settle()
	}
	switch {
	case name == "br":
		c.br()
	case name == "hr":
		c.inCellBlock()
		c.flush()
		c.add(Block{Kind: Rule, Quote: min(c.quote, maxQuote)})
	case name == "img" || name == "image":
		c.img(attrs)
	case blockTags[name]:
		c.inCellBlock()
		c.flush()
	case name == "blockquote":
		c.inCellBlock()
		c.flush()
		c.quote++
	case name == "ul" || name == "ol":
		c.inCellBlock()
		c.flush()
		l := list{ordered: name == "ol", next: 1}
		if v, ok := attr(attrs, "start"); ok {
			if n, ok := pixels(v); ok {
				l.next = n
			}
		}
		c.lists = append(c.lists, l)
	case name == "li":
		c.inCellBlock()
		c.flush()
		it := &Block{Depth: min(max(len(c.lists), 1), maxQuote)}
		if n := len(c.lists); n > 0 {
			l := &c.lists[n-1]
			it.Ordered, it.Number = l.ordered, l.next
			l.next++
		}
		c.item = it
	case headingLevel(name) > 0:
		c.inCellBlock()
		c.flush()
		c.heading = headingLevel(name)
	case name == "pre" || name == "listing":
		c.inCellBlock()
		c.flush()
		c.pre++
		c.preStart = true
	case name == "b" || name == "strong":
		c.bold++
	case name == "i" || name == "em" || name == "cite" || name == "dfn" || name == "var":
		c.italic++
	case name == "code" || name == "tt" || name == "kbd" || name == "samp":
		c.code++
	case name == "a":
		c.startLink(attrs)
	case name == "table":
		c.startTable(attrs)
	case name == "tr":
		c.startRow()
	case name == "td" || name == "th":
		c.startCell(name == "th")
	}
}

func (c *converter) end(name string) {
	if inlineStyleTags[name] {
		c.settle()
	}
	switch {
	case blockTags[name]:
		c.flush()
	case name == "blockquote":
		c.flush()
		c.quote--
	case name == "ul" || name == "ol":
		c.flush()
		if n := len(c.lists); n > 0 {
			c.lists = c.lists[:n-1]
		}
	case name == "li":
		c.flush()
		c.item = nil
	case headingLevel(name) > 0:
		c.flush()
		c.heading = 0
	case name == "pre" || name == "listing":
		c.flush()
		c.pre--
	case name == "b" || name == "strong":
		c.bold--
	case name == "i" || name == "em" || name == "cite" || name == "dfn" || name == "var":
		c.italic--
	case name == "code" || name == "tt" || name == "kbd" || name == "samp":
		c.code--
	case name == "a":
		c.endLink()
	case name == "table":
		c.endTable()
	case name == "tr":
		c.flush()
	case name == "td" || name == "th":
		c.endCell()
	}
}

func (c *converter) startLink(attrs []html.Attribute) {
	c.endLink()
	href, ok := attr(attrs, "href")
	if !ok || len(c.doc.Links) >= c.opt.MaxBlocks {
		return
	}
	c.inCellBlock()
	c.link = len(c.doc.Links)
	c.doc.Links = append(c.doc.Links, Link{Href: href})
	c.linkText.Reset()
}

func (c *converter) endLink() {
	if c.link < 0 {
		return
	}
	l := &c.doc.Links[c.link]
	l.Text = collapse(c.linkText.String())
	checkLink(l)
	c.link = -1
}

// img keeps cid: images (when the message has the part) and, only with
// AllowRemote, remote images that do not look like trackers.
func (c *converter) img(attrs []html.Attribute) {
	raw, _ := attr(attrs, "src")
	src := cleanURL(raw)
	alt, _ := attr(attrs, "alt")
	b := Block{Kind: Image, Alt: collapse(alt), Quote: min(c.quote, maxQuote)}
	low := strings.ToLower(src)
	switch {
	case strings.HasPrefix(low, "cid:"):
		cid, err := url.PathUnescape(src[4:])
		if err != nil {
			cid = src[4:]
		}
		cid = strings.Trim(cid, "<> ")
		if c.opt.inline != nil {
			a := findInline(c.opt.inline, cid)
			if a == nil {
				return
			}
			cid = a.ContentID
		}
		b.CID = cid
	case c.opt.AllowRemote && (strings.HasPrefix(low, "https://") || strings.HasPrefix(low, "http://")):
		if _, ok := remoteHost(src); !ok || tinyBox(attrs) || trackerURL(src) || !plainURL(strings.TrimSpace(raw)) {
			return
		}
		b.Src = src
	default:
		return
	}
	c.inCellBlock()
	c.flush()
	c.add(b)
}

// plainURL rejects addresses that carry markup or white space: an image
// address that swallowed text (EFAIL-style) must not be requested.
func plainURL(u string) bool {
	return len(u) <= 2048 && !strings.ContainsAny(u, " \t\r\n<>\"'`{}|^")
}

// collapse folds white space like a browser and trims it.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// trimInlines drops leading and trailing white space of a block and
// returns nil when nothing visible is left.
func trimInlines(in []Inline, pre bool) []Inline {
	visible := false
	for _, x := range in {
		if strings.IndexFunc(x.Text, isVisible) >= 0 {
			visible = true
			break
		}
	}
	if !visible {
		return nil
	}
	for len(in) > 0 {
		t := in[0].Text
		if !pre {
			t = strings.TrimLeft(t, " \n\u00a0")
		}
		if t != "" {
			in[0].Text = t
			break
		}
		in = in[1:]
	}
	for len(in) > 0 {
		n := len(in) - 1
		t := strings.TrimRight(in[n].Text, " \n\u00a0")
		if pre {
			t = strings.TrimRight(in[n].Text, "\n")
		}
		if t != "" {
			in[n].Text = t
			break
		}
		in = in[:n]
	}
	return in
}

// isVisible reports a character that shows something (not white space,
// not a zero-width or invisible formatting character).
func isVisible(r rune) bool {
	switch r {
	case ' ', '\n', '\t', '\u00a0', '\u00ad', '\u034f', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f',
		'\u2060', '\ufeff', '\u2007', '\u202f', '\u3000':
		return false
	}
	return true
}
