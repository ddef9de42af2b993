package rfc822

import (
	"sort"
	"strconv"
	"strings"
)

// maxSections bounds RFC 2231 continuation numbers.
const maxSections = 256

// parseMediaType splits a Content-Type or Content-Disposition value into
// its lower-case type and parameters, leniently: bad parameters are
// skipped, the first of duplicates wins, unquoted specials and a missing
// closing quote are tolerated. RFC 2231 extended values and continuations
// are decoded in any charset go-message knows (the standard library only
// knows UTF-8 and ASCII). problems lists what was wrong.
func parseMediaType(v string) (typ string, params map[string]string, problems []string) {
	typ, rest, _ := strings.Cut(v, ";")
	typ = strings.ToLower(strings.TrimSpace(typ))
	params = map[string]string{}
	type section struct {
		val     string
		encoded bool
	}
	plain := map[string]string{}
	sections := map[string]map[int]section{}
	for rest != "" {
		rest = strings.TrimLeft(rest, " \t;")
		if rest == "" {
			break
		}
		eq := strings.IndexAny(rest, "=;")
		if eq < 0 || rest[eq] == ';' {
			end := len(rest)
			if eq >= 0 {
				end = eq
			}
			problems = append(problems, "parameter without a value: "+strings.TrimSpace(rest[:end]))
			rest = rest[end:]
			continue
		}
		key := strings.ToLower(strings.TrimSpace(rest[:eq]))
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		var val string
		if strings.HasPrefix(rest, `"`) {
			var ok bool
			val, rest, ok = quoted(rest)
			if !ok {
				problems = append(problems, "missing closing quote in parameter "+key)
			}
		} else {
			end := strings.IndexByte(rest, ';')
			if end < 0 {
				end = len(rest)
			}
			val, rest = strings.TrimSpace(rest[:end]), rest[end:]
		}
		if key == "" || strings.ContainsAny(key, " \t\"") {
			problems = append(problems, "malformed parameter name")
			continue
		}
		name, star, isExt := strings.Cut(key, "*")
		switch {
		case !isExt:
			if _, dup := plain[key]; dup {
				problems = append(problems, "duplicate parameter "+key)
				continue
			}
			plain[key] = val
		case star == "":
			// name*=charset'lang'%XX
			if _, dup := sections[name]; dup {
				problems = append(problems, "duplicate parameter "+key)
				continue
			}
			sections[name] = map[int]section{0: {val, true}}
		default:
			numStr, enc := strings.CutSuffix(star, "*")
			n, err := strconv.Atoi(numStr)
			if err != nil || n < 0 || n >= maxSections {
				problems = append(problems, "malformed parameter section "+key)
				continue
			}
			if sections[name] == nil {
				sections[name] = map[int]section{}
			}
			if _, dup := sections[name][n]; dup {
				problems = append(problems, "duplicate parameter "+key)
				continue
			}
			sections[name][n] = section{val, enc}
		}
	}
	for k, v := range plain {
		params[k] = v
	}
	// Extended values win over plain ones of the same name.
	names := make([]string, 0, len(sections))
	for n := range sections {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		secs := sections[name]
		var raw []byte
		cs := ""
		for i := 0; i < len(secs); i++ {
			s, ok := secs[i]
			if !ok {
				problems = append(problems, "parameter "+name+" has a gap in its sections")
				break
			}
			val := s.val
			if s.encoded {
				if i == 0 {
					parts := strings.SplitN(val, "'", 3)
					if len(parts) == 3 {
						cs, val = parts[0], parts[2]
					}
				}
				raw = append(raw, percentDecode(val)...)
			} else {
				raw = append(raw, val...)
			}
		}
		if len(raw) == 0 && params[name] != "" {
			continue
		}
		s, note, _ := toUTF8(cs, raw, len(raw)*4+4)
		if note != "" {
			problems = append(problems, "parameter "+name+": "+note)
		}
		params[name] = s
	}
	return typ, params, problems
}

// quoted reads a quoted-string at the start of s, returning its content
// and the rest. Without a closing quote the whole of s is taken.
func quoted(s string) (val, rest string, ok bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		case '"':
			return b.String(), s[i+1:], true
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), "", false
}

func percentDecode(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if h, ok := unhex(s[i+1]); ok {
				if l, ok := unhex(s[i+2]); ok {
					out = append(out, h<<4|l)
					i += 2
					continue
				}
			}
		}
		out = append(out, s[i])
	}
	return out
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// validMediaType reports whether t has the form type/subtype in tokens.
func validMediaType(t string) bool {
	a, b, ok := strings.Cut(t, "/")
	return ok && isToken(a) && isToken(b)
}

func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`()<>@,;:\"/[]?=`, c) >= 0 {
			return false
		}
	}
	return true
}
