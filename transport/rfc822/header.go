package rfc822

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// Field is one header field as written, unfolded. Value is not RFC 2047
// decoded (use Text); bytes that were not UTF-8 are converted and control
// characters replaced, so Value is safe to show.
type Field struct {
	Key   string
	Value string
}

// Text returns the value with RFC 2047 encoded words decoded, for
// unstructured fields such as Subject or for showing all headers.
func (f Field) Text() string { return cleanText(decodeWords(f.Value, nil)) }

// Header is a header block, fields in their original order.
type Header []Field

// Get returns the first value of key (case-insensitive), or "".
func (h Header) Get(key string) string {
	for _, f := range h {
		if strings.EqualFold(f.Key, key) {
			return f.Value
		}
	}
	return ""
}

// Values returns every value of key in order.
func (h Header) Values(key string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.Key, key) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Has reports whether key occurs.
func (h Header) Has(key string) bool {
	for _, f := range h {
		if strings.EqualFold(f.Key, key) {
			return true
		}
	}
	return false
}

// rawField is a field before charset conversion.
type rawField struct {
	key   []byte
	value []byte
}

// headerBlock is the outcome of splitting an entity into header and body.
type headerBlock struct {
	fields   []rawField
	body     []byte
	problems []string // malformed lines worked around
	cut      bool     // MaxHeaderBytes reached; later fields dropped
}

// splitHeader reads the header block of data leniently: an mbox "From "
// line is skipped, a first line indented by mistake is taken as a field, a
// line without a colon continues the previous field, and input that does
// not start with a header is all body. The header ends at the first empty
// line (CRLF or bare LF).
func splitHeader(data []byte, maxBytes int) headerBlock {
	var hb headerBlock
	pos := 0
	if isMboxLine(data) {
		pos = lineEnd(data, 0)
		hb.problems = append(hb.problems, "skipped an mbox \"From \" line")
	}
	start := pos
	first := true
	for pos < len(data) {
		next := lineEnd(data, pos)
		line := trimEOL(data[pos:next])
		if len(line) == 0 {
			hb.body = data[next:]
			return hb
		}
		if next-start > maxBytes {
			hb.cut = true
		}
		if hb.cut {
			pos = next
			continue
		}
		switch {
		case isWSP(line[0]) && len(hb.fields) > 0:
			f := &hb.fields[len(hb.fields)-1]
			f.value = append(f.value, line...)
		case isWSP(line[0]) && first:
			hb.problems = append(hb.problems, "the header starts with white space")
			line = bytes.TrimLeft(line, " \t")
			hb.addField(line)
		case bytes.IndexByte(line, ':') > 0 && len(bytes.TrimSpace(line[:bytes.IndexByte(line, ':')])) > 0:
			hb.addField(line)
		case len(hb.fields) > 0:
			hb.problems = append(hb.problems, "a header line without a colon was joined to the previous field")
			f := &hb.fields[len(hb.fields)-1]
			f.value = append(append(f.value, ' '), line...)
		case first && looksLikeField(data, next):
			hb.problems = append(hb.problems, "skipped a junk first header line")
		default:
			// No header at all: everything is body.
			hb.problems = append(hb.problems, "the message has no header")
			hb.body = data[pos:]
			return hb
		}
		first = false
		pos = next
	}
	// Header only, no body.
	return hb
}

func (hb *headerBlock) addField(line []byte) {
	i := bytes.IndexByte(line, ':')
	if i < 0 {
		return
	}
	key := bytes.TrimSpace(line[:i])
	if len(key) == 0 {
		return
	}
	if !validKey(key) {
		hb.problems = append(hb.problems, "malformed field name "+strings.ToValidUTF8(string(key), "?"))
	}
	val := append([]byte(nil), line[i+1:]...)
	hb.fields = append(hb.fields, rawField{key: key, value: val})
}

// isMboxLine reports whether data starts with an mbox separator
// ("From sender date"), as opposed to a "From :" field with odd spacing.
func isMboxLine(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("From ")) {
		return false
	}
	rest := bytes.TrimLeft(data[5:lineEnd(data, 0)], " \t")
	return len(rest) > 0 && rest[0] != ':'
}

// looksLikeField reports whether the line at pos has the form "Name:".
func looksLikeField(data []byte, pos int) bool {
	if pos >= len(data) {
		return false
	}
	line := trimEOL(data[pos:lineEnd(data, pos)])
	i := bytes.IndexByte(line, ':')
	return i > 0 && validKey(bytes.TrimRight(line[:i], " \t"))
}

func validKey(k []byte) bool {
	for _, c := range k {
		if c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return len(k) > 0
}

// lineEnd returns the index just past the line starting at pos.
func lineEnd(data []byte, pos int) int {
	if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
		return pos + i + 1
	}
	return len(data)
}

func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}

func isWSP(c byte) bool { return c == ' ' || c == '\t' }

// convertHeader turns raw fields into a Header: 8-bit bytes that are not
// UTF-8 are read in cs (the entity's charset, if any) or windows-1252.
func convertHeader(raw []rawField, cs string) (h Header, bad bool) {
	h = make(Header, 0, len(raw))
	if isUTF8Name(cs) {
		cs = fallbackCharset
	}
	for _, f := range raw {
		k, b1 := headerString(f.key, cs)
		v, b2 := headerString(f.value, cs)
		bad = bad || b1 || b2
		h = append(h, Field{Key: k, Value: strings.TrimSpace(v)})
	}
	return h, bad
}

func headerString(b []byte, cs string) (string, bool) {
	s := string(b)
	bad := false
	if !isASCII(b) && !utf8.Valid(b) {
		s, _, _ = toUTF8(cs, b, len(b)*4+4)
		bad = true
	}
	return cleanText(s), bad
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}
