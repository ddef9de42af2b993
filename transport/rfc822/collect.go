package rfc822

import (
	"strings"
)

// collect walks the entity tree and fills m's body and attachments.
func (p *parser) collect(m *Message, e *entity) {
	if !e.multipart {
		p.leaf(m, e, false)
		return
	}
	switch e.mediaType {
	case "multipart/alternative":
		p.alternative(m, e)
	case "multipart/related":
		p.related(m, e)
	default:
		for _, c := range e.children {
			p.collect(m, c)
		}
	}
}

// alternative keeps the richest text/plain and text/html versions (the
// last of each, RFC 2046 §5.1.4) and turns other non-text versions, such
// as a calendar invitation, into attachments.
func (p *parser) alternative(m *Message, e *entity) {
	var text, html *entity
	for _, c := range e.children {
		switch {
		case !c.multipart && c.mediaType == "text/plain" && isBody(c):
			text = c
		case !c.multipart && c.mediaType == "text/html" && isBody(c):
			html = c
		case c.multipart && contains(c, "text/html"):
			html = c
		case c.multipart && contains(c, "text/plain"):
			text = c
		}
	}
	if text == nil && html == nil {
		for _, c := range e.children {
			p.collect(m, c)
		}
		return
	}
	for _, c := range e.children {
		switch {
		case c == text || c == html:
			p.collect(m, c)
		case c.multipart, strings.HasPrefix(c.mediaType, "text/plain"),
			c.mediaType == "text/html", c.mediaType == "text/enriched", c.mediaType == "text/richtext":
			// A version not chosen.
		default:
			p.leaf(m, c, false)
		}
	}
}

// related shows the root part (the "start" parameter, else the first) and
// keeps the others as inline attachments for cid: references.
func (p *parser) related(m *Message, e *entity) {
	if len(e.children) == 0 {
		return
	}
	root := e.children[0]
	if start := cleanID(e.params["start"]); start != "" {
		for _, c := range e.children {
			if cleanID(c.header.Get("Content-ID")) == start {
				root = c
				break
			}
		}
	} else if t := strings.ToLower(e.params["type"]); t != "" && root.mediaType != t && !root.multipart {
		// No start: the root is the first part, but some writers put the
		// images first; the type parameter names the root's type.
		for _, c := range e.children {
			if c.mediaType == t {
				root = c
				break
			}
		}
	}
	p.collect(m, root)
	for _, c := range e.children {
		switch {
		case c == root:
		case c.multipart:
			p.collect(m, c)
		default:
			p.attachment(m, c, c.disposition != "attachment")
		}
	}
}

// contains reports whether a body part of type t lies under e.
func contains(e *entity, t string) bool {
	if !e.multipart {
		return e.mediaType == t && isBody(e)
	}
	for _, c := range e.children {
		if contains(c, t) {
			return true
		}
	}
	return false
}

// isBody reports whether a text part is meant as message text rather
// than as a file.
func isBody(e *entity) bool {
	if e.disposition == "attachment" {
		return false
	}
	return e.disposition == "inline" || rawFilename(e) == ""
}

// leaf files one non-multipart entity as body text or attachment.
func (p *parser) leaf(m *Message, e *entity, inline bool) {
	switch {
	case (e.mediaType == "text/plain" || e.mediaType == "text/html") && isBody(e):
		p.bodyText(m, e)
	default:
		p.attachment(m, e, inline || e.disposition == "inline")
	}
}

// bodies accumulates the body text of one message without quadratic
// string concatenation.
type bodies struct {
	text, html strings.Builder
	// htmlStarts are the offsets in html where each text/html part begins.
	htmlStarts []int
}

// bodyText decodes a text part and appends it to Text or HTML.
func (p *parser) bodyText(m *Message, e *entity) {
	dst := &p.acc[m].text
	if e.mediaType == "text/html" {
		dst = &p.acc[m].html
	}
	room := int64(p.lim.MaxTextBytes - dst.Len())
	if left := p.lim.MaxBodyBytes - p.used; left < room {
		room = left
	}
	if room <= 0 {
		p.textFull(m, e)
		return
	}
	raw, total, problem := decodeTransfer(e.header.Get("Content-Transfer-Encoding"), e.body, room)
	if problem != "" {
		m.warn(WarnEncoding, e.section, "%s", problem)
	}
	if total > int64(len(raw)) && isUTF8Name(e.params["charset"]) {
		raw = dropPartialRune(raw)
	}
	s, note, cut := toUTF8(e.params["charset"], raw, int(room))
	if note != "" {
		m.warn(WarnCharset, e.section, "%s", note)
	}
	s = normalizeNewlines(s)
	if dst.Len() > 0 && e.mediaType == "text/plain" && !strings.HasSuffix(dst.String(), "\n") {
		s = "\n" + s
	}
	if int64(len(s)) > room {
		s, _ = clip(s, int(room))
		cut = true
	}
	if e.mediaType == "text/html" {
		p.acc[m].htmlStarts = append(p.acc[m].htmlStarts, dst.Len())
	}
	dst.WriteString(s)
	p.used += int64(len(s))
	if cut || total > int64(len(raw)) {
		p.textFull(m, e)
	}
}

func (p *parser) textFull(m *Message, e *entity) {
	m.Truncated = true
	if p.used >= p.lim.MaxBodyBytes {
		m.warn(WarnBodySize, e.section, "the message body is larger than %d bytes; the text was cut", p.lim.MaxBodyBytes)
		return
	}
	m.warn(WarnTextSize, e.section, "the text is larger than %d bytes; it was cut", p.lim.MaxTextBytes)
}

// attachment decodes a part into an Attachment; an attached message is
// parsed too, one level deeper.
func (p *parser) attachment(m *Message, e *entity, inline bool) {
	a := &Attachment{
		Section:     e.section,
		Filename:    filename(m, e),
		ContentType: e.mediaType,
		Charset:     e.params["charset"],
		ContentID:   cleanID(e.header.Get("Content-ID")),
		Disposition: e.disposition,
		Inline:      inline && e.disposition != "attachment",
	}
	left := p.lim.MaxBodyBytes - p.used
	raw, total, problem := decodeTransfer(e.header.Get("Content-Transfer-Encoding"), e.body, left)
	if problem != "" {
		m.warn(WarnEncoding, e.section, "%s", problem)
	}
	a.Data, a.Size = raw, total
	p.used += int64(len(raw))
	if total > int64(len(raw)) {
		a.Truncated = true
		m.Truncated = true
		m.warn(WarnBodySize, e.section, "the message body is larger than %d bytes; attachment data was cut", p.lim.MaxBodyBytes)
	}
	if e.mediaType == "message/rfc822" || e.mediaType == "message/global" {
		if e.depth+1 > p.lim.MaxDepth {
			m.warn(WarnDepth, e.section, "attached messages nest deeper than %d levels; not parsed", p.lim.MaxDepth)
			m.Truncated = true
		} else if len(raw) > 0 {
			a.Message = p.message(raw, e.depth+1, e.section)
		}
	}
	m.Attachments = append(m.Attachments, a)
}

// rawFilename is the undecoded file name of e, if any.
func rawFilename(e *entity) string {
	if n := e.dispParams["filename"]; n != "" {
		return n
	}
	return e.params["name"]
}

// filename decodes and cleans e's file name: RFC 2047 words are decoded
// (RFC 2231 was decoded with the parameters), control and bidi-override
// characters are dropped (they can disguise an extension) and any path is
// removed.
func filename(m *Message, e *entity) string {
	unknown := false
	n := decodeWords(rawFilename(e), &unknown)
	if unknown {
		m.warn(WarnCharset, e.section, "unknown charset in the file name")
	}
	var b strings.Builder
	for _, r := range n {
		switch {
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			b.WriteByte('_')
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f:
		default:
			b.WriteRune(r)
		}
	}
	n = b.String()
	if i := strings.LastIndexAny(n, `/\`); i >= 0 {
		n = n[i+1:]
	}
	n = strings.TrimSpace(n)
	if n == "." || n == ".." {
		n = ""
	}
	return n
}

// cleanID strips the angle brackets and white space of a Content-ID or
// message ID.
func cleanID(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "<")
	s = strings.TrimSuffix(s, ">")
	return cleanText(strings.TrimSpace(s))
}
