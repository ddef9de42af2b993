package compose

import (
	"net/url"
	"strings"
)

// Fields are what a mailto: link fills in.
type Fields struct {
	To, Cc, Bcc   []string
	Subject, Body string
}

// maxMailtoBody bounds the text a link can put in the body.
const maxMailtoBody = 64 << 10

// ParseMailto reads a mailto: URI (RFC 6068). To, cc, bcc, subject and
// body are taken; every other header — attach= and attachment= above all,
// which would send local files (security.md §3), but also from=, and
// anything unknown — is ignored and named in ignored so that the composer
// can say so. Input that is not a mailto: URI fills nothing and is named
// in ignored whole.
func ParseMailto(u string) (f Fields, ignored []string) {
	u = strings.TrimSpace(u)
	if len(u) < 7 || !strings.EqualFold(u[:7], "mailto:") {
		return Fields{}, []string{u}
	}
	rest := u[7:]
	path, query, _ := strings.Cut(rest, "?")
	if to, err := url.PathUnescape(path); err == nil {
		f.To = appendAddrs(f.To, to)
	} else {
		ignored = append(ignored, path)
	}
	seen := map[string]bool{}
	for _, kv := range strings.Split(query, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		key, err1 := url.PathUnescape(k)
		val, err2 := url.PathUnescape(v)
		key = strings.ToLower(strings.TrimSpace(key))
		if err1 != nil || err2 != nil {
			ignored = append(ignored, kv)
			continue
		}
		switch key {
		case "to":
			f.To = appendAddrs(f.To, val)
		case "cc":
			f.Cc = appendAddrs(f.Cc, val)
		case "bcc":
			f.Bcc = appendAddrs(f.Bcc, val)
		case "subject", "body":
			if seen[key] {
				ignored = append(ignored, key)
				continue
			}
			seen[key] = true
			if key == "subject" {
				// A subject is one line.
				f.Subject = strings.Join(strings.Fields(val), " ")
			} else {
				f.Body = clipBody(strings.ReplaceAll(val, "\r\n", "\n"))
			}
		default:
			ignored = append(ignored, key)
		}
	}
	return f, ignored
}

func appendAddrs(list []string, s string) []string {
	for _, a := range splitAddresses(s) {
		if a = strings.TrimSpace(a); a != "" {
			list = append(list, a)
		}
	}
	return list
}

func clipBody(s string) string {
	if len(s) <= maxMailtoBody {
		return s
	}
	s = s[:maxMailtoBody]
	for len(s) > 0 && s[len(s)-1]&0xc0 == 0x80 {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] >= 0xc0 {
		s = s[:len(s)-1]
	}
	return s
}
