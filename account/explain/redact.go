package explain

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxText bounds one server or error text kept in Details: enough for any
// real reply, and a hostile server cannot flood the window.
const maxText = 1000

const redacted = "[redacted]"

// credentialVerbs are the commands whose arguments carry credentials; a
// server that echoes one echoes the secret too. Clients send them in
// capitals, which keeps prose such as "login method" readable.
var credentialVerbs = map[string]bool{"AUTH": true, "AUTHENTICATE": true, "PASS": true, "LOGIN": true}

// mechanisms may follow a credential verb without being secret: they make
// "AUTH PLAIN LOGIN XOAUTH2" readable in the details.
var mechanisms = map[string]bool{
	"PLAIN": true, "LOGIN": true, "XOAUTH2": true, "XOAUTH": true, "OAUTHBEARER": true, "CRAM-MD5": true,
	"DIGEST-MD5": true, "SCRAM-SHA-1": true, "SCRAM-SHA-256": true, "NTLM": true, "GSSAPI": true,
	"ANONYMOUS": true, "EXTERNAL": true, "PLAIN-CLIENTTOKEN": true, "ATOKEN": true,
}

// redact makes a server or error text safe to show and copy: control and
// formatting characters go (a server could rewrite the terminal), the
// length is bounded, everything after a credential verb and every
// base64-looking blob is replaced.
func redact(s string) string {
	words := strings.Fields(clean(s))
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if looksBase64(w) {
			out = append(out, redacted)
			continue
		}
		out = append(out, w)
		if !credentialVerbs[w] {
			continue
		}
		for i+1 < len(words) && mechanisms[strings.ToUpper(words[i+1])] {
			i++
			out = append(out, words[i])
		}
		if i+1 < len(words) {
			out = append(out, redacted)
		}
		break
	}
	return bound(strings.Join(out, " "))
}

// clean replaces control characters by spaces and drops invisible
// formatting characters (bidi overrides and the like).
func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r):
			return ' '
		case unicode.Is(unicode.Cf, r):
			return -1
		}
		return r
	}, s)
}

func bound(s string) string {
	if len(s) <= maxText {
		return s
	}
	cut := maxText
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// looksBase64 spots SASL responses and tokens: long runs of the base64
// alphabet that are not plain words.
func looksBase64(w string) bool {
	w = strings.Trim(w, `"'()[]<>,;`)
	if len(w) < 16 {
		return false
	}
	mixed := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9', c == '+', c == '/', c == '=':
			mixed = true
		default:
			return false
		}
	}
	return mixed || len(w) >= 40
}

// quote is a server text as it may appear inside an explanation: redacted
// and short.
func quote(s string) string {
	s = redact(s)
	if s == "" {
		return ""
	}
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
