package rfc822

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message/textproto"
)

const dateLayout = "Mon, 02 Jan 2006 15:04:05 -0700"

// Build writes d as an RFC 5322 message with CRLF line endings and no
// line longer than 998 octets. Header fields the user typed are checked
// first: a CR or LF fails with a *FieldError wrapping ErrLineBreak, and
// nothing is written. Non-ASCII subjects and names use RFC 2047,
// attachment names RFC 2231; text goes quoted-printable, attachments
// base64. Bcc is never written.
func Build(w io.Writer, d Draft) error {
	if err := validate(&d); err != nil {
		return err
	}
	content := bodyWriter(&d)
	if len(d.Attachments) > 0 {
		parts := []part{content}
		for _, a := range d.Attachments {
			parts = append(parts, attachmentPart(a))
		}
		content = multipart("multipart/mixed", parts)
	}
	var h textproto.Header
	content.header(&h)
	topHeader(&h, &d)
	if err := textproto.WriteHeader(w, h); err != nil {
		return err
	}
	return content.body(w)
}

// NewMessageID returns a fresh msg-id (without angle brackets) whose
// right side is the domain of the address from, so replies can be
// threaded before the message is sent.
func NewMessageID(from string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	domain := "wren.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 {
		if dom := strings.ToLower(strings.Trim(from[i+1:], "<> ")); isDotAtom(dom) {
			domain = dom
		}
	}
	return hex.EncodeToString(b[:]) + "@" + domain
}

func isDotAtom(s string) bool {
	if s == "" || strings.HasPrefix(s, ".") || strings.HasSuffix(s, ".") || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// topHeader adds the message fields above the content fields. textproto
// puts an added field first, so fields are added in reverse order.
func topHeader(h *textproto.Header, d *Draft) {
	add := func(k, v string) {
		if v != "" {
			h.AddRaw(fold(k, v))
		}
	}
	date := d.Date
	if date.IsZero() {
		date = time.Now()
	}
	id := d.MessageID
	if id == "" {
		id = NewMessageID(d.From.Address)
	}
	add("References", idList(validIDs(d.References)))
	add("In-Reply-To", idList(validIDs(d.InReplyTo)))
	add("Subject", encodeText(d.Subject))
	add("Reply-To", addrList(d.ReplyTo))
	add("Cc", addrList(d.Cc))
	add("To", addrList(d.To))
	add("From", addrList([]Address{d.From}))
	add("Message-ID", "<"+id+">")
	add("Date", date.Format(dateLayout))
	add("MIME-Version", "1.0")
}

func idList(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return "<" + strings.Join(ids, "> <") + ">"
}

func addrList(l []Address) string {
	s := make([]string, 0, len(l))
	for _, a := range l {
		name, addr := strings.TrimSpace(a.Name), strings.TrimSpace(a.Address)
		if hasLongWord(name) {
			// net/mail would quote it as one overlong word.
			s = append(s, encodeWords(name)+" "+(&mail.Address{Address: addr}).String())
			continue
		}
		s = append(s, (&mail.Address{Name: name, Address: addr}).String())
	}
	return strings.Join(s, ", ")
}

// maxWord is the longest run without white space left as it is in a
// header; longer ones are RFC 2047-encoded so that the header can fold.
const maxWord = 76

func hasLongWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if len(w) > maxWord {
			return true
		}
	}
	return false
}

// encodeText RFC 2047-encodes unstructured text when it is not plain
// ASCII (B for mostly non-Latin text, Q otherwise) or has a word too long
// to fold.
func encodeText(s string) string {
	if hasLongWord(s) {
		return encodeWords(s)
	}
	high := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			high++
		}
	}
	if high > len(s)/3 {
		return mime.BEncoding.Encode("utf-8", s)
	}
	return mime.QEncoding.Encode("utf-8", s)
}

// encodeWords always encodes s as B encoded words of at most 39 bytes of
// text each (64 octets), split on rune boundaries.
func encodeWords(s string) string {
	var words []string
	for s != "" {
		n := min(39, len(s))
		for n < len(s) && n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		if n == 0 {
			n = min(39, len(s))
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:n]))+"?=")
		s = s[n:]
	}
	return strings.Join(words, " ")
}

// fold formats a header field, breaking lines before spaces so that they
// stay within 78 octets where the words allow. Every word is short by
// construction (encoded words, RFC 2231 sections, bounded IDs and
// addresses), so no line can reach 998 octets.
func fold(key, value string) []byte {
	var b strings.Builder
	b.WriteString(key)
	b.WriteString(":")
	n := len(key) + 1
	for _, w := range strings.Split(value, " ") {
		if n+1+len(w) > 78 {
			b.WriteString("\r\n")
			n = 0
		}
		b.WriteByte(' ')
		b.WriteString(w)
		n += 1 + len(w)
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// setField replaces key in h with a folded field.
func setField(h *textproto.Header, key, value string) {
	h.Del(key)
	h.AddRaw(fold(key, value))
}

// part is one MIME entity to write: its content header and its body.
type part struct {
	header func(h *textproto.Header)
	body   func(w io.Writer) error
}

// multipart is a multipart entity of the given type holding parts.
func multipart(typ string, parts []part) part {
	boundary := newBoundary()
	return part{
		header: func(h *textproto.Header) {
			setField(h, "Content-Type", typ+"; boundary=\""+boundary+"\"")
		},
		body: func(w io.Writer) error {
			mw := textproto.NewMultipartWriter(w)
			if err := mw.SetBoundary(boundary); err != nil {
				return err
			}
			for _, p := range parts {
				var ph textproto.Header
				p.header(&ph)
				pw, err := mw.CreatePart(ph)
				if err != nil {
					return err
				}
				if err := p.body(pw); err != nil {
					return err
				}
			}
			return mw.Close()
		},
	}
}

// newBoundary returns a random boundary; its "=_" cannot occur in base64
// or quoted-printable text, so no body line can match it.
func newBoundary() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "=_wren_" + hex.EncodeToString(b[:])
}

// bodyWriter is the text part, the HTML part, or both as alternatives.
func bodyWriter(d *Draft) part {
	switch {
	case d.HTML == "":
		return textPart("text/plain", d.Text)
	case d.Text == "":
		return textPart("text/html", d.HTML)
	}
	return multipart("multipart/alternative", []part{textPart("text/plain", d.Text), textPart("text/html", d.HTML)})
}

// textPart is UTF-8 text in quoted-printable, whose writer turns every
// line break (CR, LF or CRLF) into CRLF and keeps lines under 77 octets.
func textPart(typ, text string) part {
	return part{
		header: func(h *textproto.Header) {
			setField(h, "Content-Transfer-Encoding", "quoted-printable")
			setField(h, "Content-Type", typ+"; charset=utf-8")
		},
		body: func(w io.Writer) error {
			qp := quotedprintable.NewWriter(w)
			if _, err := io.WriteString(qp, text); err != nil {
				return err
			}
			return qp.Close()
		},
	}
}

// attachmentPart is a file in base64 with its name in RFC 2231 (in
// Content-Disposition) and RFC 2047 (in the Content-Type name, for old
// readers).
func attachmentPart(a DraftAttachment) part {
	typ, params := "application/octet-stream", map[string]string{}
	if a.ContentType != "" {
		// validate has checked that it parses.
		typ, params, _ = mime.ParseMediaType(a.ContentType)
	}
	name := strings.TrimSpace(a.Filename)
	return part{
		header: func(h *textproto.Header) {
			disp := "attachment"
			if name != "" {
				disp += "; " + formatParam("filename", name)
			}
			setField(h, "Content-Disposition", disp)
			setField(h, "Content-Transfer-Encoding", "base64")
			ct := typ
			for _, k := range sortedKeys(params) {
				if k != "name" {
					ct += "; " + formatParam(k, params[k])
				}
			}
			if name != "" && len(name) < 600 {
				enc := name
				if !isPrintableASCII(name) || hasLongWord(name) {
					enc = encodeWords(name)
				}
				ct += "; name=\"" + enc + "\""
			}
			setField(h, "Content-Type", ct)
		},
		body: func(w io.Writer) error {
			r := a.Reader
			if a.Data != nil || r == nil {
				r = strings.NewReader(string(a.Data))
			}
			enc := base64.NewEncoder(base64.StdEncoding, &lineWrapper{w: w})
			if _, err := io.Copy(enc, r); err != nil {
				return fmt.Errorf("rfc822: reading attachment %q: %w", name, err)
			}
			return enc.Close()
		},
	}
}

// lineWrapper breaks base64 output into 76-character CRLF lines.
type lineWrapper struct {
	w   io.Writer
	col int
}

func (l *lineWrapper) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if l.col == 76 {
			if _, err := io.WriteString(l.w, "\r\n"); err != nil {
				return n, err
			}
			l.col = 0
		}
		k := min(76-l.col, len(p))
		if _, err := l.w.Write(p[:k]); err != nil {
			return n, err
		}
		l.col += k
		n += k
		p = p[k:]
	}
	return n, nil
}
