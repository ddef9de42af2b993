package mailgen

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"mime"
	"mime/quotedprintable"
	"strings"
)

// buildPrefix is how rfc822.Build starts its random boundaries; the hex
// that follows is replaced with seeded hex.
const buildPrefix = "=_wren_"

// fixBoundaries replaces Build's random boundaries with seeded ones of
// the same length. "=_" cannot occur in base64, quoted-printable or
// RFC 2047 text, so only boundaries match.
func fixBoundaries(raw []byte, r *rand.Rand) []byte {
	const hexLen = 32
	seen := map[string]bool{}
	for i := 0; ; {
		j := bytes.Index(raw[i:], []byte(buildPrefix))
		if j < 0 {
			return raw
		}
		start := i + j + len(buildPrefix)
		if start+hexLen > len(raw) {
			return raw
		}
		old := string(raw[start : start+hexLen])
		if !seen[old] {
			seen[old] = true
			repl := fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
			raw = bytes.ReplaceAll(raw, []byte(buildPrefix+old), []byte(buildPrefix+repl))
			seen[repl] = true
		}
		i = start + hexLen
	}
}

// splitHead splits a message after its header's blank line.
func splitHead(raw []byte) (head, body []byte) {
	i := bytes.Index(raw, []byte("\r\n\r\n"))
	if i < 0 {
		return raw, nil
	}
	return raw[:i+2], raw[i+4:]
}

// withFields adds header fields (each "Name: value", folded by the
// caller when long) at the end of raw's header.
func withFields(raw []byte, fields ...string) []byte {
	if len(fields) == 0 {
		return raw
	}
	head, body := splitHead(raw)
	var b bytes.Buffer
	b.Grow(len(raw) + 256)
	b.Write(head)
	for _, f := range fields {
		b.WriteString(f)
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}

// withLeadingFields adds header fields (each "Name: value", folded by
// the caller) at the top of raw's header, where servers put trace
// fields.
func withLeadingFields(raw []byte, fields ...string) []byte {
	if len(fields) == 0 {
		return raw
	}
	var b bytes.Buffer
	b.Grow(len(raw) + 4096)
	for _, f := range fields {
		b.WriteString(f)
		b.WriteString("\r\n")
	}
	b.Write(raw)
	return b.Bytes()
}

// dropContentFields removes the Content-Type and
// Content-Transfer-Encoding fields (with their folded lines) from head.
func dropContentFields(head []byte) []byte {
	var out bytes.Buffer
	skip := false
	for _, line := range strings.SplitAfter(string(head), "\r\n") {
		if line == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if !skip {
				out.WriteString(line)
			}
			continue
		}
		name, _, _ := strings.Cut(line, ":")
		skip = strings.EqualFold(name, "Content-Type") || strings.EqualFold(name, "Content-Transfer-Encoding")
		if !skip {
			out.WriteString(line)
		}
	}
	return out.Bytes()
}

// entity is a MIME part for the writer below, used where a Draft
// cannot say it (multipart/related with cid: images).
type entity struct {
	fields []string // content header fields
	body   []byte   // encoded body; empty for multiparts
	parts  []entity
}

func textEntity(typ, text string) entity {
	var b bytes.Buffer
	qp := quotedprintable.NewWriter(&b)
	// Writing to a bytes.Buffer cannot fail.
	_, _ = qp.Write([]byte(text))
	_ = qp.Close()
	return entity{
		fields: []string{"Content-Type: " + typ + "; charset=utf-8", "Content-Transfer-Encoding: quoted-printable"},
		body:   b.Bytes(),
	}
}

// inlineEntity is an image shown by cid: within the HTML.
func inlineEntity(typ, name, cid string, data []byte) entity {
	return entity{
		fields: []string{
			"Content-Type: " + mime.FormatMediaType(typ, map[string]string{"name": name}),
			"Content-Transfer-Encoding: base64",
			"Content-ID: <" + cid + ">",
			"Content-Disposition: " + mime.FormatMediaType("inline", map[string]string{"filename": name}),
		},
		body: base64Lines(data),
	}
}

func attachmentEntity(typ, name string, data []byte) entity {
	return entity{
		fields: []string{
			"Content-Type: " + typ,
			"Content-Transfer-Encoding: base64",
			"Content-Disposition: " + mime.FormatMediaType("attachment", map[string]string{"filename": name}),
		},
		body: base64Lines(data),
	}
}

func base64Lines(data []byte) []byte {
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	b.Grow(len(enc) + len(enc)/76*2 + 2)
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc)
	return b.Bytes()
}

// multipartEntity gives parts a seeded boundary.
func multipartEntity(r *rand.Rand, typ string, parts ...entity) entity {
	boundary := fmt.Sprintf("=_mailgen_%016x", r.Uint64())
	return entity{
		fields: []string{fmt.Sprintf("Content-Type: %s;\r\n boundary=\"%s\"", typ, boundary)},
		parts:  parts,
		body:   []byte(boundary),
	}
}

// write appends e's header fields (when withHeader) and body to b.
func (e entity) write(b *bytes.Buffer, withHeader bool) {
	if withHeader {
		for _, f := range e.fields {
			b.WriteString(f)
			b.WriteString("\r\n")
		}
		b.WriteString("\r\n")
	}
	if e.parts == nil {
		b.Write(e.body)
		return
	}
	boundary := string(e.body)
	for _, p := range e.parts {
		b.WriteString("--" + boundary + "\r\n")
		p.write(b, true)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
}

// replaceContent puts e in place of the content of a message Build
// wrote: the top fields stay, the content fields and body are e's.
func replaceContent(raw []byte, e entity) []byte {
	head, _ := splitHead(raw)
	var b bytes.Buffer
	b.Write(dropContentFields(head))
	e.write(&b, true)
	return b.Bytes()
}
