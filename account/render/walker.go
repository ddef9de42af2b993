package render

import (
	"strings"

	"golang.org/x/net/html"
)

// sink receives the cleaned element stream: every start of a non-void
// element is matched by an end, dropped and hidden content never arrives.
type sink interface {
	start(name string, attrs []html.Attribute, void bool)
	end(name string)
	text(s string)
}

// frame is an open element.
type frame struct {
	name     string
	zeroFont bool // font-size:0 in effect: own text is invisible
}

// walker tokenizes HTML and fixes its structure with a bounded stack. It
// never recurses, so nesting depth costs nothing but the stack cap.
type walker struct {
	out    sink
	remote *remoteSet
	stack  []frame
	over   int // open elements beyond maxDepth, not tracked

	// skip is the element whose whole content is dropped, skipN its
	// nesting count and skipHidden whether it was hidden by style.
	skip       string
	skipN      int
	skipHidden bool
	raw        string // raw-text element (script, style ...) being dropped
	inHead     bool
	// open counts the open elements by name, so the end-tag omission
	// rules cost nothing when the element they look for is not open.
	open map[string]int
}

// walk feeds src through w.out, counting remote references in rs.
func walk(src string, out sink, rs *remoteSet) {
	w := &walker{out: out, remote: rs, open: map[string]int{}}
	z := html.NewTokenizer(strings.NewReader(src))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			w.popTo(0)
			return
		case html.TextToken:
			w.textToken(z.Text())
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			var attrs []html.Attribute
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs = append(attrs, html.Attribute{Key: string(k), Val: string(v)})
			}
			w.startTag(string(name), attrs, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := z.TagName()
			w.endTag(string(name))
		}
		// Comments (conditional comments included) and doctypes are dropped.
	}
}

func (w *walker) textToken(b []byte) {
	if w.raw != "" {
		if w.raw == "style" {
			w.remote.css(string(b), w.skipN > 0 && w.skipHidden)
		}
		return
	}
	if w.skipN > 0 || w.inHead || len(b) == 0 {
		return
	}
	if n := len(w.stack); n > 0 && w.stack[n-1].zeroFont {
		return
	}
	w.out.text(string(b))
}

func (w *walker) startTag(name string, attrs []html.Attribute, selfClosing bool) {
	hidden := isHidden(attrs)
	w.remote.element(name, attrs, hidden || (w.skipN > 0 && w.skipHidden))
	if rawText[name] {
		if !selfClosing {
			w.raw = name
		}
		return
	}
	void := voidTags[name]
	if w.skipN > 0 {
		if w.skip == name && !void {
			if !impliedEnd(w.skip, name) {
				w.skipN++
				return
			}
			w.skipN = 0 // a new sibling <p>, <li>, <td> ... ends the hidden one
		} else if w.skipN == 1 && impliedEnd(w.skip, name) {
			w.skipN = 0
		} else {
			return
		}
	}
	switch name {
	case "html", "body":
		w.inHead = false
		return
	case "head":
		w.inHead = true
		return
	}
	if w.inHead {
		if headTags[name] {
			return
		}
		w.inHead = false // body content without <body>
	}
	// A self-closing slash means nothing on HTML elements: <div hidden/>
	// hides what follows, as in a browser. It is honoured on dropped
	// elements (<svg/> is closed in a browser too), so that a stray one
	// cannot swallow the rest of the message.
	if dropTags[name] || hidden {
		if !void && !(selfClosing && !hidden) {
			w.skip, w.skipN, w.skipHidden = name, 1, hidden
		}
		return
	}
	w.implyClose(name)
	if void {
		w.out.start(name, attrs, true)
		return
	}
	if len(w.stack) >= maxDepth {
		w.over++
		return
	}
	zero := false
	if n := len(w.stack); n > 0 {
		zero = w.stack[n-1].zeroFont
	}
	if fs, ok := styleValue(attrs, "font-size"); ok {
		zero = isZeroLength(fs)
	}
	w.stack = append(w.stack, frame{name: name, zeroFont: zero})
	w.open[name]++
	w.out.start(name, attrs, false)
}

func (w *walker) endTag(name string) {
	if w.raw != "" {
		if name == w.raw {
			w.raw = ""
		}
		return
	}
	if w.skipN > 0 {
		switch {
		case name == w.skip:
			w.skipN--
			return
		case closesFromOutside(w.skip, name):
			w.skipN = 0 // </tr> ends a hidden <td>; handle the </tr> below
		default:
			return
		}
	}
	switch name {
	case "head":
		w.inHead = false
		return
	case "html", "body":
		return
	}
	if w.inHead {
		return
	}
	if w.over > 0 {
		w.over--
		return
	}
	if w.open[name] == 0 {
		return
	}
	for i := len(w.stack) - 1; i >= 0; i-- {
		if w.stack[i].name == name {
			w.popTo(i)
			return
		}
		if boundary(w.stack[i].name, name) {
			return
		}
	}
}

// popTo closes the open elements from the top down to index i.
func (w *walker) popTo(i int) {
	for len(w.stack) > i {
		n := len(w.stack) - 1
		name := w.stack[n].name
		w.stack = w.stack[:n]
		w.open[name]--
		w.out.end(name)
	}
}

// closeOpen closes the nearest open element named in names, searching no
// further than an element named in stop.
func (w *walker) closeOpen(names, stop map[string]bool) {
	found := false
	for n := range names {
		found = found || w.open[n] > 0
	}
	if !found {
		return
	}
	for i := len(w.stack) - 1; i >= 0; i-- {
		n := w.stack[i].name
		if names[n] {
			w.popTo(i)
			return
		}
		if stop[n] {
			return
		}
	}
}

// implyClose applies the HTML end-tag omission rules a start tag implies.
func (w *walker) implyClose(name string) {
	switch {
	case name == "li":
		w.closeOpen(liSet, liStop)
	case name == "dt" || name == "dd":
		w.closeOpen(dSet, dStop)
	case name == "td" || name == "th":
		w.closeOpen(cellSet, cellStop)
	case name == "tr":
		w.closeOpen(trSet, trStop)
	case name == "thead" || name == "tbody" || name == "tfoot":
		w.closeOpen(sectionSet, tableSet)
	case name == "a":
		w.closeOpen(aSet, cellStop)
	case headingLevel(name) > 0:
		if n := len(w.stack); n > 0 && headingLevel(w.stack[n-1].name) > 0 {
			w.popTo(n - 1)
		}
	}
	if closesP[name] {
		w.closeOpen(pSet, pScope)
	}
}

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// impliedEnd reports whether a start tag next ends an open element
// without its end tag (a <p> by a block, a <td> by the next cell ...).
func impliedEnd(open, next string) bool {
	switch open {
	case "p":
		return closesP[next]
	case "li":
		return next == "li"
	case "td", "th":
		return next == "td" || next == "th" || next == "tr"
	case "tr":
		return next == "tr"
	case "dt", "dd":
		return next == "dt" || next == "dd"
	case "option":
		return next == "option" || next == "optgroup"
	}
	return false
}

// closesFromOutside reports whether the end tag of a container ends an
// open element inside it (</tr> ends a <td>, </ul> an <li>).
func closesFromOutside(open, endName string) bool {
	switch open {
	case "td", "th":
		return endName == "tr" || endName == "table" || endName == "tbody" || endName == "thead" || endName == "tfoot"
	case "tr":
		return endName == "table" || endName == "tbody" || endName == "thead" || endName == "tfoot"
	case "li":
		return endName == "ul" || endName == "ol"
	case "dt", "dd":
		return endName == "dl"
	case "p":
		return endName == "div" || endName == "td" || endName == "th" || endName == "li" || endName == "blockquote" || endName == "body"
	}
	return false
}

// boundary reports whether an end tag must not close elements beyond the
// open element named open (a stray </div> inside a cell stays there).
func boundary(open, endName string) bool {
	switch open {
	case "td", "th", "caption":
		return endName != "tr" && endName != "table" && endName != "tbody" && endName != "thead" && endName != "tfoot"
	case "table":
		return endName != "table"
	}
	return false
}

func headingLevel(name string) int {
	if len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6' {
		return int(name[1] - '0')
	}
	return 0
}

var (
	// rawText are the elements the tokenizer reads as raw text; their
	// content is dropped (style is scanned for remote references first).
	rawText = set("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext")
	// dropTags are dropped with their content.
	dropTags = set("template", "object", "embed", "applet", "frameset", "frame", "svg", "math", "canvas",
		"audio", "video", "select", "button", "input", "option", "optgroup", "datalist", "map", "area",
		"link", "meta", "base", "source", "track", "param", "keygen", "portal", "dialog", "head")
	voidTags = set("area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
		"param", "source", "track", "wbr", "image")
	headTags = set("meta", "link", "base", "title", "style", "script", "noscript", "template")
	closesP  = set("address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
		"dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
		"header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul", "li", "dd", "dt")
	liSet      = set("li")
	liStop     = set("ul", "ol", "table", "td", "th")
	dSet       = set("dt", "dd")
	dStop      = set("dl", "table", "td", "th")
	cellSet    = set("td", "th")
	cellStop   = set("tr", "table")
	trSet      = set("tr")
	trStop     = set("table", "thead", "tbody", "tfoot")
	sectionSet = set("thead", "tbody", "tfoot")
	tableSet   = set("table")
	aSet       = set("a")
	pSet       = set("p")
	pScope     = set("table", "td", "th", "caption", "button", "object", "applet", "marquee", "template", "html")
)
