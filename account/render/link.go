package render

import (
	"net"
	"strings"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// checkLink fills Allowed, Host and Warnings of a link whose Href and Text
// are set.
func checkLink(l *Link) {
	href := cleanURL(l.Href)
	scheme, rest, ok := strings.Cut(href, ":")
	scheme = strings.ToLower(scheme)
	if !ok || !isScheme(scheme) {
		l.Warnings = append(l.Warnings, DisallowedScheme)
		return
	}
	var host string
	switch scheme {
	case "http", "https":
		if !strings.HasPrefix(rest, "//") {
			l.Warnings = append(l.Warnings, DisallowedScheme)
			return
		}
		authority := rest[2:]
		if i := strings.IndexAny(authority, "/?#"); i >= 0 {
			authority = authority[:i]
		}
		if strings.Contains(authority, "@") {
			l.Warnings = append(l.Warnings, UserInfo)
		}
		host, _ = hostOf(rest[2:])
		l.Href = scheme + ":" + rest
	case "mailto":
		addr, _, _ := strings.Cut(rest, "?")
		if i := strings.LastIndexByte(addr, '@'); i >= 0 {
			host = strings.ToLower(unescapeLoose(addr[i+1:]))
		}
		l.Href = scheme + ":" + rest
	default:
		l.Warnings = append(l.Warnings, DisallowedScheme)
		return
	}
	if host == "" {
		l.Warnings = append(l.Warnings, DisallowedScheme)
		return
	}
	l.Allowed = true
	l.Host, l.HostUnicode = hostForms(host)
	if isRawIP(l.Host) {
		l.Warnings = append(l.Warnings, RawIP)
	}
	if hasPunycode(l.Host) {
		l.Warnings = append(l.Warnings, Punycode)
	}
	if suspiciousScript(l.HostUnicode) {
		l.Warnings = append(l.Warnings, MixedScript)
	}
	if textMismatch(l.Text, scheme, l.Host, rest) {
		l.Warnings = append(l.Warnings, TextHostMismatch)
	}
}

func unescapeLoose(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return strings.ToValidUTF8(b.String(), "\uFFFD")
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c|0x20 >= 'a' && c|0x20 <= 'f' }

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// hostForms returns a host's ASCII (punycode) and Unicode forms. A host
// that IDNA rejects keeps its text in both.
func hostForms(host string) (ascii, uni string) {
	host = strings.ToLower(unescapeLoose(host))
	ascii, err := idna.Punycode.ToASCII(host)
	if err != nil || ascii == "" {
		ascii = host
	}
	uni, err = idna.Punycode.ToUnicode(ascii)
	if err != nil || uni == "" {
		uni = host
	}
	return ascii, uni
}

func hasPunycode(host string) bool {
	for _, l := range strings.Split(host, ".") {
		if strings.HasPrefix(l, "xn--") {
			return true
		}
	}
	return false
}

// isRawIP recognizes IPv4 and IPv6 literals and the other notations
// browsers accept for IPv4: a single number, hex or octal parts.
func isRawIP(host string) bool {
	h := strings.Trim(host, "[]")
	if net.ParseIP(h) != nil {
		return true
	}
	parts := strings.Split(h, ".")
	if len(parts) > 4 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
		digits := p
		if strings.HasPrefix(p, "0x") {
			digits = p[2:]
			for i := 0; i < len(digits); i++ {
				if !isHex(digits[i]) {
					return false
				}
			}
			continue
		}
		for i := 0; i < len(digits); i++ {
			if digits[i] < '0' || digits[i] > '9' {
				return false
			}
		}
	}
	return true
}

// textMismatch reports link text that reads as a URL, host name or
// address other than the target.
func textMismatch(text, scheme, host, rest string) bool {
	th := textHost(text)
	if th == "" {
		return false
	}
	if scheme == "mailto" {
		if strings.Contains(th, "@") {
			addr, _, _ := strings.Cut(rest, "?")
			return !strings.EqualFold(unescapeLoose(addr), th)
		}
	}
	if i := strings.LastIndexByte(th, '@'); i >= 0 {
		th = th[i+1:]
	}
	tAscii, _ := hostForms(th)
	if tAscii == host {
		return false
	}
	return registrable(tAscii) != registrable(host)
}

// registrable returns the registrable domain (eTLD+1) of a host, or the
// host itself.
func registrable(host string) string {
	if isRawIP(host) {
		return host
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host
	}
	return d
}

// textHost extracts the host a link text names, "" when the text does not
// read as a URL, host name or address ("Click here" names none).
func textHost(text string) string {
	t := strings.ToLower(strings.TrimSpace(text))
	t = strings.Trim(t, "<>()[]\"'")
	if t == "" || strings.ContainsAny(t, " \t\n") {
		return ""
	}
	hadScheme := false
	for _, p := range []string{"https://", "http://", "mailto:", "//"} {
		if strings.HasPrefix(t, p) {
			t, hadScheme = t[len(p):], true
			break
		}
	}
	if i := strings.IndexAny(t, "/?#\\"); i >= 0 {
		t = t[:i]
	}
	if i := strings.LastIndexByte(t, ':'); i >= 0 && !strings.Contains(t[i:], "@") {
		t = t[:i]
	}
	t = strings.TrimRight(t, ".,;!")
	if !hadScheme && !strings.Contains(t, ".") {
		return ""
	}
	// The last label must look like a top-level domain: letters, or an
	// IDN, at least two long; numbers only for raw IP text.
	host := t
	if i := strings.LastIndexByte(t, '@'); i >= 0 {
		host = t[i+1:]
	}
	labels := strings.Split(host, ".")
	tld := labels[len(labels)-1]
	if len(labels) < 2 && !hadScheme {
		return ""
	}
	if !isRawIP(host) {
		if len([]rune(tld)) < 2 {
			return ""
		}
		for _, r := range tld {
			if r < 0x80 && !(r >= 'a' && r <= 'z') && r != '-' {
				return ""
			}
		}
	}
	return t
}
