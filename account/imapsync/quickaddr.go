package imapsync

import "strings"

// quickAddresses reads the address lists nearly every mailer writes:
// entries like "a@b.c", "Name <a@b.c>" and "\"Last, First\" <a@b.c>",
// separated by commas, with plain ASCII addresses and names that need no
// decoding. ok is false for anything else (comments, groups, escapes,
// encoded words, odd spacing), which net/mail then parses; where ok is
// true the result is exactly net/mail's (FuzzQuickFields checks that).
func quickAddresses(v string) (out []Address, ok bool) {
	out = make([]Address, 0, 1+strings.Count(v, ","))
	for v != "" {
		end := entryEnd(v)
		if end < 0 {
			return nil, false
		}
		a, ok := quickEntry(strings.Trim(v[:end], " \t"))
		if !ok {
			return nil, false
		}
		out = append(out, a)
		v = v[end:]
		if v != "" {
			v = v[1:] // the comma
			if strings.Trim(v, " \t") == "" {
				return nil, false // a trailing comma: leave it to net/mail
			}
		}
	}
	return out, len(out) > 0
}

// entryEnd is the index of the comma ending v's first entry (len(v) at
// the end), or -1 when quotes or angle brackets do not pair up.
func entryEnd(v string) int {
	quoted, angle := false, false
	for i := 0; i < len(v); i++ {
		j := strings.IndexAny(v[i:], "\\\"<>,") // skip to the next special
		if j < 0 {
			break
		}
		i += j
		switch c := v[i]; {
		case c == '\\':
			return -1
		case c == '"' && !angle:
			quoted = !quoted
		case quoted:
		case c == '<':
			if angle {
				return -1
			}
			angle = true
		case c == '>':
			if !angle {
				return -1
			}
			angle = false
		case c == ',' && !angle:
			return i
		}
	}
	if quoted || angle {
		return -1
	}
	return len(v)
}

// quickEntry reads one entry: a bare address, or a name and an address in
// angle brackets.
func quickEntry(e string) (Address, bool) {
	lt := strings.IndexByte(e, '<')
	if lt < 0 {
		return Address{Addr: e}, addrSpec(e)
	}
	if !strings.HasSuffix(e, ">") {
		return Address{}, false
	}
	spec := e[lt+1 : len(e)-1]
	if !addrSpec(spec) {
		return Address{}, false
	}
	name, ok := phrase(strings.TrimRight(e[:lt], " \t"))
	return Address{Name: name, Addr: spec}, ok
}

// phrase reads a display name: one quoted string without escapes, or
// words of plain characters joined by single spaces.
func phrase(p string) (string, bool) {
	if p == "" {
		return "", true
	}
	if p[0] == '"' {
		if len(p) < 2 || p[len(p)-1] != '"' {
			return "", false
		}
		inner := p[1 : len(p)-1]
		if strings.ContainsAny(inner, "\"\\") {
			return "", false
		}
		for i := 0; i < len(inner); i++ {
			if c := inner[i]; c != ' ' && c != '\t' && (c < '!' || c > '~') {
				return "", false
			}
		}
		return inner, true
	}
	for i := 0; i < len(p); i++ {
		if c := p[i]; !atext(c) && c != '.' && c != ' ' && c != '\t' {
			return "", false
		}
	}
	if !strings.Contains(p, "=?") {
		if strings.IndexByte(p, '\t') < 0 && !strings.Contains(p, "  ") {
			return p, true // already single-spaced
		}
		return strings.Join(strings.Fields(p), " "), true
	}
	// Encoded words are decoded; adjacent ones join without a space, as
	// RFC 2047 says, and words join as net/mail joins them (an encoded
	// word that decodes to nothing adds no word; no word at all fails).
	var words []string
	var run strings.Builder // decoded words since the last plain one
	for _, w := range strings.Fields(p) {
		if strings.HasPrefix(w, "=?") {
			d, err := wordDecoder.Decode(w)
			if err != nil {
				return "", false // net/mail tells bad charsets from bad words
			}
			run.WriteString(d)
			continue
		}
		if run.Len() > 0 {
			words = append(words, run.String())
			run.Reset()
		}
		words = append(words, w)
	}
	if run.Len() > 0 {
		words = append(words, run.String())
	}
	if len(words) == 0 {
		return "", false
	}
	return strings.ToValidUTF8(strings.Join(words, " "), "\uFFFD"), true
}

// addrSpec: local@domain, both plain ASCII dot-atoms.
func addrSpec(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && dotAtom(s[:at]) && dotAtom(s[at+1:])
}

func dotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !atext(s[i]) && s[i] != '.' {
			return false
		}
	}
	return true
}

// atext: RFC 5322's ASCII atom characters.
func atext(c byte) bool { return atextSet[c] }

var atextSet = func() (set [256]bool) {
	for c := range 256 {
		set[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("!#$%&'*+-/=?^_`{|}~", byte(c)) >= 0
	}
	return set
}()
