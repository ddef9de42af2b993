package compose

import (
	"net/mail"
	"strings"
	"unicode"

	"golang.org/x/net/idna"

	"wren/transport/rfc822"
)

// AddressProblem is one entry of an address field that cannot be sent
// to, with the reason in words the composer shows beside it.
type AddressProblem struct {
	Input  string
	Reason string
}

// Reasons an address is refused.
const (
	ReasonNoAt       = "has no @"
	ReasonBadDomain  = "the part after @ is not a valid domain"
	ReasonSpaces     = "contains spaces"
	ReasonControl    = "contains control characters"
	ReasonUnreadable = "is not a valid address"
)

// ParseAddresses reads an address field as typed: entries separated by
// commas or semicolons, with or without display names (quoted or not).
// Valid entries are returned in order; each invalid one is reported with
// its reason and never dropped silently.
func ParseAddresses(s string) ([]rfc822.Address, []AddressProblem) {
	var (
		out      []rfc822.Address
		problems []AddressProblem
	)
	for _, piece := range splitAddresses(s) {
		piece = strings.TrimSpace(piece)
		if piece == "" {
			continue
		}
		a, reason := parseOne(piece)
		if reason != "" {
			problems = append(problems, AddressProblem{Input: piece, Reason: reason})
			continue
		}
		out = append(out, a)
	}
	return out, problems
}

func parseOne(piece string) (rfc822.Address, string) {
	if strings.ContainsFunc(piece, unicode.IsControl) {
		return rfc822.Address{}, ReasonControl
	}
	a, err := mail.ParseAddress(piece)
	if err != nil {
		addr := piece
		if i := strings.LastIndexByte(piece, '<'); i >= 0 {
			addr = strings.TrimSuffix(strings.TrimSpace(piece[i+1:]), ">")
		}
		switch {
		case !strings.Contains(addr, "@"):
			return rfc822.Address{}, ReasonNoAt
		case strings.ContainsFunc(strings.TrimSpace(addr), unicode.IsSpace):
			return rfc822.Address{}, ReasonSpaces
		}
		at := strings.LastIndexByte(addr, '@')
		if !validDomain(addr[at+1:]) {
			return rfc822.Address{}, ReasonBadDomain
		}
		return rfc822.Address{}, ReasonUnreadable
	}
	at := strings.LastIndexByte(a.Address, '@')
	if at < 0 {
		return rfc822.Address{}, ReasonNoAt
	}
	if !validDomain(a.Address[at+1:]) {
		return rfc822.Address{}, ReasonBadDomain
	}
	return rfc822.Address{Name: a.Name, Address: a.Address}, ""
}

// validDomain accepts a host name with at least two labels (Unicode
// names are checked in their ASCII form) or an address literal.
func validDomain(d string) bool {
	if strings.HasPrefix(d, "[") && strings.HasSuffix(d, "]") && len(d) > 2 {
		return true
	}
	ascii, err := idna.Lookup.ToASCII(d)
	if err != nil || len(ascii) > 253 {
		return false
	}
	labels := strings.Split(ascii, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i] | 0x20
			if !(c >= 'a' && c <= 'z' || l[i] >= '0' && l[i] <= '9' || l[i] == '-') {
				return false
			}
		}
	}
	return true
}

// splitAddresses splits at commas and semicolons outside quotes and
// angle brackets.
func splitAddresses(s string) []string {
	var out []string
	quote, angle, start := false, false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote:
			if c == '\\' {
				i++
			} else if c == '"' {
				quote = false
			}
		case c == '"':
			quote = true
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case (c == ',' || c == ';') && !angle:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// FormatAddresses writes addresses for an address field the way
// ParseAddresses reads them back: display names quoted when they need it,
// in plain UTF-8 (not RFC 2047).
func FormatAddresses(list []rfc822.Address) string {
	parts := make([]string, 0, len(list))
	for _, a := range list {
		parts = append(parts, FormatAddress(a))
	}
	return strings.Join(parts, ", ")
}

// FormatAddress writes one address for an address field.
func FormatAddress(a rfc822.Address) string {
	name, addr := strings.TrimSpace(a.Name), strings.TrimSpace(a.Address)
	switch {
	case name == "":
		return addr
	case addr == "":
		return name
	}
	if strings.ContainsAny(name, `()<>[]:;@\,."`) {
		name = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
	}
	return name + " <" + addr + ">"
}
