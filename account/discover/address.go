package discover

import (
	"fmt"
	"net"
	"net/mail"
	"strings"

	"golang.org/x/net/idna"

	"wren/account"
	"wren/assets/providers"
)

// Address is a normalised email address (autodiscovery.md §2.1).
type Address struct {
	// Full is local@domain with the local part as typed and the domain
	// lower-cased in the form typed (Unicode stays Unicode), trailing dot
	// removed: the value of %EMAILADDRESS%.
	Full string
	// Local is the part before the last @, exactly as typed.
	Local string
	// Domain is the lower-case ASCII (Punycode) domain: %EMAILDOMAIN%.
	Domain string
	// Unicode is the domain for display.
	Unicode string
}

// ParseAddress normalises s. Errors wrap account.ErrBadAddress: such
// addresses can only be set up by hand.
func ParseAddress(s string) (Address, error) {
	s = strings.TrimSpace(s)
	// net/mail refuses a root dot after the domain; drop it first.
	in := strings.TrimSuffix(s, ".")
	if strings.HasSuffix(in, ".>") {
		in = strings.TrimSuffix(in, ".>") + ">"
	}
	m, err := mail.ParseAddress(in)
	if err != nil {
		return Address{}, fmt.Errorf("%w: %q: %v", account.ErrBadAddress, s, err)
	}
	at := strings.LastIndex(m.Address, "@")
	if at < 0 {
		return Address{}, fmt.Errorf("%w: %q has no @", account.ErrBadAddress, s)
	}
	local, dom := m.Address[:at], strings.TrimSuffix(m.Address[at+1:], ".")
	if local == "" {
		return Address{}, fmt.Errorf("%w: %q has nothing before the @", account.ErrBadAddress, s)
	}
	if strings.HasPrefix(dom, "[") || net.ParseIP(dom) != nil {
		return Address{}, fmt.Errorf("%w: %q names an IP address, not a domain: set it up by hand", account.ErrBadAddress, s)
	}
	ascii, err := idna.Lookup.ToASCII(strings.ToLower(dom))
	if err != nil {
		return Address{}, fmt.Errorf("%w: domain %q: %v", account.ErrBadAddress, dom, err)
	}
	if !strings.Contains(ascii, ".") {
		return Address{}, fmt.Errorf("%w: %q has a single-label domain: set it up by hand", account.ErrBadAddress, s)
	}
	if !providers.ValidHost(ascii) {
		return Address{}, fmt.Errorf("%w: domain %q is not a host name", account.ErrBadAddress, dom)
	}
	uni, err := idna.Lookup.ToUnicode(ascii)
	if err != nil {
		uni = ascii
	}
	return Address{Full: local + "@" + strings.ToLower(dom), Local: local, Domain: ascii, Unicode: uni}, nil
}

// substitute replaces the placeholders of autodiscovery.md §2.1.
func (a Address) substitute(s string) string {
	return strings.NewReplacer(
		"%EMAILADDRESS%", a.Full,
		"%EMAILLOCALPART%", a.Local,
		"%EMAILDOMAIN%", a.Domain,
	).Replace(s)
}

// usernames is the ordered username candidates (§2.6.2, max 2) for a
// username template: a placeholder-free name is used as is, an
// unresolved placeholder gives none (the user must type it).
func (a Address) usernames(tmpl string) []string {
	switch strings.TrimSpace(tmpl) {
	case "", "%EMAILADDRESS%":
		return a.pair(true)
	case "%EMAILLOCALPART%":
		return a.pair(false)
	}
	u := a.substitute(strings.TrimSpace(tmpl))
	if strings.Contains(u, "%") {
		return nil
	}
	return []string{u}
}

// pair is full address and local part in the order asked for.
func (a Address) pair(fullFirst bool) []string {
	if a.Full == a.Local {
		return []string{a.Full}
	}
	if fullFirst {
		return []string{a.Full, a.Local}
	}
	return []string{a.Local, a.Full}
}
