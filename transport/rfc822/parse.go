package rfc822

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Parse reads a whole message from r within lim (zero fields take the
// defaults) and returns it ready to display. Malformed or oversized input
// never fails: it yields what can be shown plus Warnings (and Truncated
// when a limit cut it short). The error is ErrEmpty for empty input or
// wraps ErrRead when r fails; the Message is nil then.
func Parse(r io.Reader, lim Limits) (*Message, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxMessageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("rfc822: %w: %w", ErrRead, err)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("rfc822: %w", ErrEmpty)
	}
	over := int64(len(data)) > lim.MaxMessageBytes
	if over {
		data = data[:lim.MaxMessageBytes]
	}
	p := &parser{lim: lim}
	m := p.message(data, 0, "")
	if over {
		m.warn(WarnMessageSize, "", "the message is larger than %d bytes; the rest was not read", lim.MaxMessageBytes)
		m.Truncated = true
	}
	return m, nil
}

// parser carries the budgets shared by a message and the messages
// attached to it.
type parser struct {
	lim      Limits
	parts    int   // entities looked at
	used     int64 // decoded bytes kept
	partsHit bool  // the MaxParts warning was given
	acc      map[*Message]*bodies
}

// entity is one MIME entity: header, raw body and, for multiparts, the
// children.
type entity struct {
	section     string
	depth       int
	header      Header
	mediaType   string
	params      map[string]string
	disposition string
	dispParams  map[string]string
	body        []byte // still transfer-encoded
	children    []*entity
	multipart   bool
}

// child returns the IMAP section of the n-th (1-based) child of prefix.
func child(prefix string, n int) string {
	if prefix == "" {
		return strconv.Itoa(n)
	}
	return prefix + "." + strconv.Itoa(n)
}

// message parses data as a message whose sections are numbered under
// prefix, at nesting depth.
func (p *parser) message(data []byte, depth int, prefix string) *Message {
	m := &Message{}
	root := p.entity(m, data, depth, prefix, "", "text/plain")
	if root == nil {
		return m
	}
	m.Header = root.header
	p.envelope(m, root.header)
	if p.acc == nil {
		p.acc = map[*Message]*bodies{}
	}
	acc := &bodies{}
	p.acc[m] = acc
	p.collect(m, root)
	delete(p.acc, m)
	m.Text, m.HTML = acc.text.String(), acc.html.String()
	m.HTMLParts = splitAt(m.HTML, acc.htmlStarts)
	return m
}

// entity parses one entity and, within the limits, its children. section
// is the entity's own part number if it is a leaf; a multipart's children
// are numbered under prefix. It returns nil once MaxParts is used up.
func (p *parser) entity(m *Message, data []byte, depth int, prefix, section, defType string) *entity {
	if p.parts >= p.lim.MaxParts {
		if !p.partsHit {
			p.partsHit = true
			m.warn(WarnParts, section, "more than %d parts; the rest is not shown", p.lim.MaxParts)
		}
		m.Truncated = true
		return nil
	}
	p.parts++
	hb := splitHeader(data, p.lim.MaxHeaderBytes)
	e := &entity{section: section, depth: depth, body: hb.body}
	for _, pr := range hb.problems {
		m.warn(WarnHeader, section, "%s", pr)
	}
	if hb.cut {
		m.warn(WarnHeaderSize, section, "the header is larger than %d bytes; later fields were dropped", p.lim.MaxHeaderBytes)
		m.Truncated = true
	}
	// The Content-Type's charset tells how to read 8-bit header bytes.
	var cs string
	for _, f := range hb.fields {
		if strings.EqualFold(string(f.key), "Content-Type") {
			_, ps, _ := parseMediaType(strings.ToValidUTF8(string(f.value), "?"))
			cs = ps["charset"]
			break
		}
	}
	h, bad := convertHeader(hb.fields, cs)
	if bad {
		m.warn(WarnCharset, section, "the header has 8-bit bytes that are not UTF-8")
	}
	e.header = h
	p.contentType(m, e, defType)
	if !e.multipart {
		if e.section == "" {
			e.section = child(prefix, 1)
		}
		return e
	}
	e.section = prefix
	if depth >= p.lim.MaxDepth {
		m.warn(WarnDepth, prefix, "multiparts nest deeper than %d levels; the rest is not shown", p.lim.MaxDepth)
		m.Truncated = true
		return e
	}
	sp := splitMultipart(e.body, e.params["boundary"], p.lim.MaxParts-p.parts)
	switch {
	case !sp.found:
		m.warn(WarnStructure, prefix, "no part boundary found; the body is shown as text")
		e.multipart = false
		e.mediaType = "text/plain"
		e.section = child(prefix, 1)
		return e
	case !sp.closed && !sp.cut:
		m.warn(WarnStructure, prefix, "the multipart is not closed")
	}
	childType := "text/plain"
	if e.mediaType == "multipart/digest" {
		childType = "message/rfc822"
	}
	for i, part := range sp.parts {
		sec := child(prefix, i+1)
		c := p.entity(m, part, depth+1, sec, sec, childType)
		if c == nil {
			break
		}
		e.children = append(e.children, c)
	}
	if sp.cut && !p.partsHit {
		p.partsHit = true
		m.warn(WarnParts, prefix, "more than %d parts; the rest is not shown", p.lim.MaxParts)
		m.Truncated = true
	}
	return e
}

// contentType reads Content-Type and Content-Disposition into e.
func (p *parser) contentType(m *Message, e *entity, defType string) {
	e.mediaType, e.params = defType, map[string]string{}
	if v := e.header.Get("Content-Type"); strings.TrimSpace(v) != "" {
		t, ps, problems := parseMediaType(v)
		for _, pr := range problems {
			m.warn(WarnContentType, e.section, "%s", pr)
		}
		switch {
		case validMediaType(t):
			e.mediaType = t
		case t == "text":
			m.warn(WarnContentType, e.section, "media type %q lacks a subtype", t)
			e.mediaType = "text/plain"
		default:
			m.warn(WarnContentType, e.section, "malformed media type %q", t)
			e.mediaType = "application/octet-stream"
			if strings.HasPrefix(t, "text") {
				e.mediaType = "text/plain"
			}
		}
		e.params = ps
	}
	if v := e.header.Get("Content-Disposition"); strings.TrimSpace(v) != "" {
		d, ps, _ := parseMediaType(v)
		e.disposition, e.dispParams = d, ps
	}
	if strings.HasPrefix(e.mediaType, "multipart/") {
		if b := e.params["boundary"]; b != "" {
			e.multipart = true
		} else {
			m.warn(WarnStructure, e.section, "multipart without a boundary; shown as text")
			e.mediaType = "text/plain"
		}
	}
}

// splitAt cuts s at the given ascending offsets (the first is 0).
func splitAt(s string, starts []int) []string {
	var out []string
	for i, at := range starts {
		end := len(s)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		if at < end {
			out = append(out, s[at:end])
		}
	}
	return out
}
