package rfc822

import (
	"net/mail"
	"strings"
	"time"

	gomail "github.com/emersion/go-message/mail"
)

// parseAddressList parses an address field. The structure is parsed first
// and encoded words are decoded only inside display names, so an encoded
// "@", comma, "<" or line break can never become part of an address.
// Entries that do not parse keep their raw, undecoded text as Name and an
// empty Address. ok is false when anything needed that fallback.
func parseAddressList(v string) (list []Address, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	unknown := false
	p := mail.AddressParser{WordDecoder: wordDecoder(&unknown)}
	if l, err := p.ParseList(v); err == nil {
		return cleanAddresses(l), true
	}
	// Parse entry by entry so one bad address spoils only itself.
	for _, piece := range splitList(v) {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			continue
		}
		if l := salvage(&p, piece); l != nil {
			list = append(list, cleanAddresses(l)...)
			continue
		}
		list = append(list, Address{Name: cleanText(piece)})
	}
	return list, false
}

// salvage tries the usual ways an address entry is broken: comments
// where net/mail does not allow them, several "<addr>" without commas,
// and bare addresses separated by spaces. It returns nil if none works.
func salvage(p *mail.AddressParser, piece string) []*mail.Address {
	if l, err := p.ParseList(piece); err == nil {
		return l
	}
	bare := stripComments(piece)
	if l, err := p.ParseList(bare); err == nil {
		return l
	}
	if strings.Count(bare, "<") > 1 {
		var l []*mail.Address
		rest := bare
		for rest != "" {
			j := strings.IndexByte(rest, '>')
			if j < 0 {
				return nil
			}
			a, err := p.Parse(rest[:j+1])
			if err != nil {
				return nil
			}
			l = append(l, a)
			rest = strings.TrimSpace(rest[j+1:])
		}
		return l
	}
	if !strings.ContainsAny(bare, "<\"") {
		var l []*mail.Address
		for _, w := range strings.Fields(bare) {
			a, err := p.Parse(w)
			if err != nil || a.Name != "" {
				return nil
			}
			l = append(l, a)
		}
		return l
	}
	return nil
}

// stripComments removes RFC 5322 comments outside quoted strings.
func stripComments(s string) string {
	var b strings.Builder
	depth, quote := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote:
			b.WriteByte(c)
			if c == '\\' && i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			} else if c == '"' {
				quote = false
			}
		case c == '"' && depth == 0:
			quote = true
			b.WriteByte(c)
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == '\\' && depth > 0:
			i++
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}

// cleanAddresses decodes encoded words left inside quoted display names
// (a common, non-standard habit) and replaces control characters. The
// address itself is never decoded.
func cleanAddresses(l []*mail.Address) []Address {
	out := make([]Address, 0, len(l))
	for _, a := range l {
		name := a.Name
		if strings.Contains(name, "=?") {
			name = decodeWords(name, nil)
		}
		out = append(out, Address{Name: cleanText(name), Address: cleanText(a.Address)})
	}
	return out
}

// splitList splits an address list at commas outside quotes, comments
// and angle brackets.
func splitList(v string) []string {
	var out []string
	depth, angle, quote, start := 0, false, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case quote:
			if c == '\\' {
				i++
			} else if c == '"' {
				quote = false
			}
		case c == '"':
			quote = true
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case c == '<' && depth == 0:
			angle = true
		case c == '>' && depth == 0:
			angle = false
		case c == ',' && depth == 0 && !angle:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// dateLayouts are tried after net/mail, for dates seen in the wild.
var dateLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 06 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05",
	"Mon Jan 2 15:04:05 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"Mon, 2 Jan 2006",
}

// parseDate reads a Date field; the zero time and false when it is broken.
func parseDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if t, err := mail.ParseDate(v); err == nil {
		return t, true
	}
	s := strings.Join(strings.Fields(stripComments(v)), " ")
	s = strings.TrimSuffix(s, ".")
	s = strings.ReplaceAll(strings.ReplaceAll(s, " :", ":"), ": ", ":")
	if t, err := mail.ParseDate(s); err == nil {
		return t, true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parseMsgIDs reads a list of msg-ids (In-Reply-To, References, or one
// Message-ID) without angle brackets, falling back to anything between
// angle brackets, then to white-space separated words.
func parseMsgIDs(key, v string) (ids []string, ok bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	var h gomail.Header
	h.Set(key, v)
	if l, err := h.MsgIDList(key); err == nil && len(l) > 0 {
		for i := range l {
			l[i] = cleanText(l[i])
		}
		return l, true
	}
	rest := v
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			break
		}
		if id := strings.TrimSpace(rest[i+1 : i+j]); id != "" {
			ids = append(ids, cleanText(id))
		}
		rest = rest[i+j+1:]
	}
	if len(ids) == 0 {
		for _, w := range strings.Fields(v) {
			ids = append(ids, cleanText(strings.Trim(w, "<>")))
		}
	}
	return ids, false
}
