package compose

import (
	"strings"
	"unicode"
)

// replyPrefixes are the reply markers mail clients write, lower-cased
// ("Aw" is German, "Sv" Scandinavian).
var replyPrefixes = []string{"re", "aw", "sv", "antw", "vs"}

// forwardPrefixes are the forward markers.
var forwardPrefixes = []string{"fwd", "fw", "wg", "tr", "vb"}

// stripPrefixes removes leading markers such as "Re:", "RE[2]:" or
// "Aw: Re:" so that exactly one can be put back.
func stripPrefixes(s string, prefixes []string) string {
	for {
		s = strings.TrimSpace(s)
		rest, ok := cutPrefix(s, prefixes)
		if !ok {
			return s
		}
		s = rest
	}
}

// cutPrefix cuts one marker: a known word, an optional "[n]" count, and
// a colon.
func cutPrefix(s string, prefixes []string) (string, bool) {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return s, false
	}
	word := strings.ToLower(strings.TrimSpace(s[:i]))
	if j := strings.IndexByte(word, '['); j > 0 && strings.HasSuffix(word, "]") {
		if strings.IndexFunc(word[j+1:len(word)-1], func(r rune) bool { return !unicode.IsDigit(r) }) >= 0 {
			return s, false
		}
		word = word[:j]
	}
	for _, p := range prefixes {
		if word == p {
			return s[i+1:], true
		}
	}
	return s, false
}

// ReplySubject is "Re: " and the subject without its reply markers.
func ReplySubject(s string) string {
	return "Re: " + stripPrefixes(s, replyPrefixes)
}

// ForwardSubject is "Fwd: " and the subject without forward markers.
func ForwardSubject(s string) string {
	return "Fwd: " + stripPrefixes(s, forwardPrefixes)
}
