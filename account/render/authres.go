package render

import (
	"strings"

	"wren/transport/rfc822"
)

// AuthResult is one result of the receiving server's message
// authentication (RFC 8601).
type AuthResult struct {
	Method string // dkim, spf, dmarc, arc ...
	Result string // pass, fail, none, softfail, neutral, temperror, permerror ...
	// Detail is the identity checked: header.d= for DKIM, smtp.mailfrom=
	// for SPF, header.from= for DMARC, else the first property.
	Detail string
	// AuthServ is the authserv-id of the server that wrote the header.
	AuthServ string
}

// maxAuthResults bounds the results read from one header.
const maxAuthResults = 32

// AuthResults parses the topmost Authentication-Results field only: it is
// the one the receiving server added last; fields below it may have been
// written by the sender. Comments and unknown text are skipped. The
// reader should trust it only when AuthServ names the user's own provider.
func AuthResults(h rfc822.Header) []AuthResult {
	v := h.Get("Authentication-Results")
	if v == "" {
		return nil
	}
	v = stripParenComments(clipUTF8(v, 16<<10))
	parts := splitOutsideQuotes(v, ';')
	authServ := SafeText(firstValue(parts[0]))
	var out []AuthResult
	for _, p := range parts[1:] {
		fields := strings.Fields(p)
		if len(fields) == 0 {
			continue
		}
		method, result, ok := strings.Cut(fields[0], "=")
		if !ok {
			continue
		}
		method, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(method)), "/")
		result = strings.ToLower(strings.Trim(result, `"`))
		if method == "" || result == "" || !isToken(method) || !isToken(result) {
			continue
		}
		r := AuthResult{Method: method, Result: result, AuthServ: authServ}
		r.Detail = SafeText(detail(method, fields[1:]))
		out = append(out, r)
		if len(out) == maxAuthResults {
			break
		}
	}
	return out
}

// detail picks the property that names the identity checked.
func detail(method string, props []string) string {
	want := map[string][]string{
		"dkim":  {"header.d", "header.i"},
		"spf":   {"smtp.mailfrom", "smtp.helo"},
		"dmarc": {"header.from"},
		"arc":   {"header.oldest-pass", "smtp.remote-ip"},
	}[method]
	values := map[string]string{}
	first := ""
	for _, p := range props {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(k)
		v = strings.Trim(v, `"`)
		if k == "reason" {
			continue
		}
		if _, dup := values[k]; !dup {
			values[k] = v
		}
		if first == "" && strings.Contains(k, ".") {
			first = v
		}
	}
	for _, k := range want {
		if v, ok := values[k]; ok {
			return v
		}
	}
	return first
}

// firstValue returns the first token or quoted string of s, unquoted.
func firstValue(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, `"`) {
		if i := strings.IndexByte(s[1:], '"'); i >= 0 {
			return s[1 : i+1]
		}
		return s[1:]
	}
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}

func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isLetter(c) && !(c >= '0' && c <= '9') && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return s != ""
}

// stripParenComments removes RFC 5322 comments (nested, with quoted pairs)
// outside quoted strings.
func stripParenComments(s string) string {
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && (depth > 0 || quoted) && i+1 < len(s):
			if depth == 0 {
				b.WriteByte(s[i+1])
			}
			i++
		case c == '"' && depth == 0:
			quoted = !quoted
			b.WriteByte(c)
		case c == '(' && !quoted:
			depth++
		case c == ')' && !quoted && depth > 0:
			depth--
			b.WriteByte(' ')
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func splitOutsideQuotes(s string, sep byte) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			quoted = !quoted
		case sep:
			if !quoted {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}
