package render

import (
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"wren/transport/rfc822"
)

// SenderWarning is a reason to distrust the From line.
type SenderWarning struct {
	Kind SenderWarningKind
	// Detail names what was found, already passed through SafeText.
	Detail string
}

// SenderWarningKind classifies sender warnings.
type SenderWarningKind int

// Sender warnings.
const (
	// NameHasAddress: the display name contains (or looks like) an
	// address other than the real one: "ceo@bank.example" <evil@x>.
	NameHasAddress SenderWarningKind = iota + 1
	// ControlChars: NUL, control characters, or characters that were
	// replaced because they could not be shown (Mailsploit), in the name
	// or the address.
	ControlChars
	// BidiChars: bidi controls that can reorder the displayed name.
	BidiChars
	// EncodedAddress: the address itself holds RFC 2047 encoded words,
	// which are never valid there (Mailsploit).
	EncodedAddress
	// MultipleFrom: more than one From address; some clients show only the
	// first.
	MultipleFrom
	// SenderDiffers: the Sender field names another mailbox.
	SenderDiffers
	// ReplyToDomain: replies go to another domain (informational).
	ReplyToDomain
)

func (k SenderWarningKind) String() string {
	switch k {
	case NameHasAddress:
		return "the name shows a different address"
	case ControlChars:
		return "hidden control characters"
	case BidiChars:
		return "text direction controls"
	case EncodedAddress:
		return "encoded text inside the address"
	case MultipleFrom:
		return "more than one sender"
	case SenderDiffers:
		return "sent on behalf of another mailbox"
	case ReplyToDomain:
		return "replies go to another domain"
	}
	return "unknown"
}

// CheckSender reports what in the From, Sender and Reply-To fields could
// mislead the reader.
func CheckSender(m *rfc822.Message) []SenderWarning {
	if m == nil {
		return nil
	}
	var out []SenderWarning
	add := func(k SenderWarningKind, detail string) {
		out = append(out, SenderWarning{Kind: k, Detail: SafeText(detail)})
	}
	if len(m.From) > 1 || len(m.Header.Values("From")) > 1 {
		add(MultipleFrom, "")
	}
	for _, a := range m.From {
		for _, s := range []string{a.Name, a.Address} {
			if hasControl(s) {
				add(ControlChars, s)
			}
			if strings.ContainsFunc(s, isBidi) {
				add(BidiChars, s)
			}
		}
		if strings.Contains(a.Address, "=?") {
			add(EncodedAddress, a.Address)
			// What a client that decodes addresses would show: a NUL or
			// line break there cuts the real domain off.
			if d := decodeAddressWords(a.Address); hasControl(d) {
				add(ControlChars, d)
			}
		}
		for _, shown := range addressesIn(a.Name) {
			if !strings.EqualFold(shown, a.Address) {
				add(NameHasAddress, shown)
			}
		}
	}
	if len(m.From) > 0 {
		from := m.From[0].Address
		for _, s := range m.Sender {
			if !strings.EqualFold(s.Address, from) {
				add(SenderDiffers, s.Address)
			}
		}
		fd := domainOf(from)
		for _, r := range m.ReplyTo {
			if d := domainOf(r.Address); d != "" && fd != "" && d != fd {
				add(ReplyToDomain, d)
			}
		}
	}
	return out
}

// decodeAddressWords decodes RFC 2047 words the way a careless client
// would; unknown charsets are read as Latin-1.
func decodeAddressWords(s string) string {
	dec := mime.WordDecoder{CharsetReader: func(_ string, r io.Reader) (io.Reader, error) { return r, nil }}
	d, err := dec.DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

// hasControl reports control characters, and U+FFFD, which the parser
// puts where a NUL or an undecodable byte was.
func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError {
			return true
		}
	}
	return false
}

func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(addr[i+1:])
	}
	return ""
}

// addressesIn finds address-like words in a display name: local@domain.tld,
// the at sign also in its full-width and small forms.
func addressesIn(name string) []string {
	n := strings.NewReplacer("＠", "@", "﹫", "@").Replace(name)
	var out []string
	for _, w := range strings.FieldsFunc(n, func(r rune) bool {
		return r == ' ' || r == '<' || r == '>' || r == '"' || r == '(' || r == ')' || r == ',' || r == ';' || r == '[' || r == ']' || r == '\'' || r == ':'
	}) {
		at := strings.LastIndexByte(w, '@')
		if at <= 0 || at == len(w)-1 {
			continue
		}
		dom := strings.TrimRight(w[at+1:], ".")
		if !strings.Contains(dom, ".") {
			continue
		}
		out = append(out, w[:at+1]+dom)
	}
	return out
}
