package imapsync

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
)

// wordDecoder decodes RFC 2047 words in every charset go-message knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: charset.Reader}

var addressParser = &mail.AddressParser{WordDecoder: wordDecoder}

// ParseFields fills h's list fields (Date, From, To, Cc, Subject,
// Message-ID, In-Reply-To, References, HasAttachment) from a raw header
// block such as imap.ListFields or a POP3 TOP returns. It never fails: a
// field that does not parse is left empty, or kept as undecoded text for
// names and subjects. A single pass over the fields, decoding only what is
// encoded, keeps a cold sync of 100k headers from being parse-bound.
func ParseFields(raw []byte, h *Header) {
	for len(raw) > 0 {
		var line []byte
		line, raw = nextField(raw)
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			continue
		}
		key := bytes.TrimRight(line[:colon], " \t")
		// Only the list fields' values are copied: a POP3 header block is
		// mostly Received and other trace fields.
		value := func() string { return unfold(line[colon+1:]) }
		switch {
		case isKey(key, "subject"):
			h.Subject = decodeText(value())
		case isKey(key, "from"):
			h.From = append(h.From, parseAddresses(value())...)
		case isKey(key, "to"):
			h.To = append(h.To, parseAddresses(value())...)
		case isKey(key, "cc"):
			h.Cc = append(h.Cc, parseAddresses(value())...)
		case isKey(key, "date"):
			if t, ok := parseDate(value()); ok {
				h.Date = t
			}
		case isKey(key, "message-id"):
			if ids := msgIDs(value()); len(ids) > 0 {
				h.MessageID = ids[0]
			}
		case isKey(key, "in-reply-to"):
			h.InReplyTo = msgIDs(value())
		case isKey(key, "references"):
			h.References = msgIDs(value())
		case isKey(key, "content-type"):
			h.HasAttachment = attachmentType(value())
		}
	}
}

// nextField splits off one header field with its continuation lines; a
// blank line ends the block.
func nextField(raw []byte) (field, rest []byte) {
	end := 0
	for {
		i := bytes.IndexByte(raw[end:], '\n')
		if i < 0 {
			return raw, nil
		}
		end += i + 1
		if end == len(raw) || (raw[end] != ' ' && raw[end] != '\t') {
			field = raw[:end]
			if len(bytes.TrimSpace(field)) == 0 {
				return nil, nil // the blank line: the header ends
			}
			return field, raw[end:]
		}
	}
}

// unfold trims the value, joins continuation lines (a fold's tab becomes
// a space) and makes the text valid UTF-8.
func unfold(v []byte) string {
	v = bytes.TrimSpace(v)
	if bytes.IndexByte(v, '\n') >= 0 || bytes.IndexByte(v, '\r') >= 0 {
		out := make([]byte, 0, len(v))
		for i := 0; i < len(v); i++ {
			switch c := v[i]; c {
			case '\r':
			case '\n':
				if i+1 < len(v) && v[i+1] == '\t' {
					out = append(out, ' ')
					i++
				}
			default:
				out = append(out, c)
			}
		}
		v = bytes.TrimSpace(out)
	}
	if !utf8.Valid(v) {
		return strings.ToValidUTF8(string(v), "\uFFFD")
	}
	return string(v)
}

// isKey compares a field name with a lower-case name, ignoring ASCII case.
func isKey(key []byte, lower string) bool {
	if len(key) != len(lower) {
		return false
	}
	for i, c := range key {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// decodeText decodes an unstructured field; undecodable words stay as
// they were sent.
func decodeText(v string) string {
	if !strings.Contains(v, "=?") {
		return v
	}
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		return strings.ToValidUTF8(d, "\uFFFD")
	}
	return v
}

// parseAddresses parses an address list; a list that does not parse
// keeps its text as a name, so the row still shows who sent it.
func parseAddresses(v string) []Address {
	if v == "" {
		return nil
	}
	if out, ok := quickAddresses(v); ok {
		return out
	}
	list, err := addressParser.ParseList(v)
	if err != nil {
		return []Address{{Name: decodeText(v)}}
	}
	out := make([]Address, 0, len(list))
	for _, a := range list {
		out = append(out, Address{Name: strings.ToValidUTF8(a.Name, "\uFFFD"), Addr: a.Address})
	}
	return out
}

// msgIDs returns the <...> message IDs of a field, without brackets.
func msgIDs(v string) []string {
	var out []string
	for {
		open := strings.IndexByte(v, '<')
		if open < 0 {
			break
		}
		end := strings.IndexByte(v[open:], '>')
		if end < 0 {
			break
		}
		if id := strings.TrimSpace(v[open+1 : open+end]); id != "" {
			out = append(out, id)
		}
		v = v[open+end+1:]
	}
	if out == nil && v != "" && !strings.ContainsAny(v, " \t<>") {
		out = []string{v} // a bare ID, as some old mailers write it
	}
	return out
}

// attachmentType guesses from the top-level Content-Type whether the
// message carries attachments: multipart/mixed, or a single part that is
// not text, usually does. The exact parts are known once it is opened.
func attachmentType(v string) bool {
	t := v
	if i := strings.IndexByte(t, ';'); i >= 0 {
		t = t[:i]
	}
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case t == "" || strings.HasPrefix(t, "text/"):
		return false
	case strings.HasPrefix(t, "multipart/"):
		return t == "multipart/mixed"
	}
	return true
}
