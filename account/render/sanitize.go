package render

import (
	"strings"

	"golang.org/x/net/html"
)

// csp forbids every load but inline styles and data: images, should
// anything have slipped through the sanitizer.
const csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"

// SanitizedHTML rebuilds src as a standalone HTML document for "Open in
// browser": only formatting elements and safe attributes survive; no
// scripts, event handlers, forms, frames, meta refresh, base or remote
// references (images only as data: URLs). A strict Content-Security-Policy
// comes first, in case a browser reads more into the markup than we do.
func SanitizedHTML(src string) []byte {
	if len(src) > DefaultMaxInput {
		src = clipUTF8(src, DefaultMaxInput)
	}
	src = strings.ToValidUTF8(src, "\uFFFD")
	s := &sanitizer{}
	s.b.WriteString(`<!DOCTYPE html>
<html><head><meta http-equiv="Content-Security-Policy" content="` + csp + `">
<meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>Message</title></head>
<body>
`)
	walk(src, s, &remoteSet{})
	s.b.WriteString("\n</body></html>\n")
	return []byte(s.b.String())
}

// sanitizer serializes the walker's element stream, allowed elements only.
type sanitizer struct {
	b strings.Builder
}

var keptTags = set("p", "div", "span", "br", "hr", "b", "strong", "i", "em", "u", "s", "strike", "del",
	"ins", "small", "big", "sub", "sup", "code", "tt", "kbd", "samp", "var", "pre", "blockquote", "q",
	"cite", "dfn", "abbr", "mark", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
	"table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "col", "colgroup", "a", "img",
	"center", "font", "section", "article", "header", "footer", "main", "nav", "aside", "figure",
	"figcaption", "address", "wbr")

// keptAttrs are presentational attributes without URLs or script.
var keptAttrs = set("align", "valign", "width", "height", "colspan", "rowspan", "border", "cellpadding",
	"cellspacing", "bgcolor", "color", "face", "size", "dir", "lang", "title", "alt", "start", "type",
	"style", "span", "nowrap")

func (s *sanitizer) start(name string, attrs []html.Attribute, void bool) {
	if !keptTags[name] {
		return
	}
	s.b.WriteString("<" + name)
	for _, a := range attrs {
		if a.Namespace != "" {
			continue
		}
		v, ok := safeAttr(name, a.Key, a.Val)
		if !ok {
			continue
		}
		s.b.WriteString(" " + a.Key + `="` + html.EscapeString(v) + `"`)
	}
	if name == "a" {
		s.b.WriteString(` rel="noopener noreferrer"`)
	}
	s.b.WriteString(">")
}

// safeAttr returns the value to keep for an attribute, if any.
func safeAttr(tag, key, val string) (string, bool) {
	switch {
	case key == "href" && tag == "a":
		l := Link{Href: val}
		checkLink(&l)
		return l.Href, l.Allowed
	case key == "src" && tag == "img":
		low := strings.ToLower(cleanURL(val))
		for _, p := range []string{"data:image/png;", "data:image/gif;", "data:image/jpeg;", "data:image/webp;"} {
			if strings.HasPrefix(low, p) {
				return cleanURL(val), true
			}
		}
		return "", false
	case key == "style":
		return val, safeStyle(val)
	case keptAttrs[key]:
		return val, true
	}
	return "", false
}

// safeStyle refuses inline styles that could load or run anything.
func safeStyle(v string) bool {
	low := strings.ToLower(v)
	for _, bad := range []string{"url(", "@import", "image", "expression", "behavior", "binding", "\\", "javascript", "/*", "&"} {
		if strings.Contains(low, bad) {
			return false
		}
	}
	return true
}

func (s *sanitizer) end(name string) {
	if keptTags[name] && !voidTags[name] {
		s.b.WriteString("</" + name + ">")
	}
}

func (s *sanitizer) text(t string) {
	s.b.WriteString(html.EscapeString(t))
}
