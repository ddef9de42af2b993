package compose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// attachStems start words that announce an attachment, lower-cased;
// a stem matches its inflections ("attach" covers "attached",
// "attachment").
var attachStems = []string{"attach", "anhang", "angehängt", "allegat", "adjunt", "bijlage", "enclos", "pièce jointe", "pièces jointes", "pj"}

// wholeWords match only as a whole word (they begin other words).
var wholeWords = map[string]bool{"pj": true}

// MentionsAttachment reports whether the text the user wrote announces an
// attachment (English, German, French, Spanish, Italian, Dutch), for the
// reminder before sending a message without one. Quoted lines and the
// signature are not the user's words and are ignored.
func MentionsAttachment(text string) bool {
	for _, line := range ownLines(text) {
		l := strings.ToLower(line)
		for _, stem := range attachStems {
			if containsWord(l, stem, wholeWords[stem]) {
				return true
			}
		}
	}
	return false
}

// ownLines are the lines above the signature that are not quoted.
func ownLines(text string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line == "-- " || line == "--" {
			break
		}
		if strings.HasPrefix(strings.TrimLeft(line, " \t"), ">") {
			continue
		}
		out = append(out, line)
	}
	return out
}

// containsWord finds stem at the start of a word of s (and, when whole,
// also at its end).
func containsWord(s, stem string, whole bool) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], stem)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(stem)
		if !letterBefore(s, start) && (!whole || !letterAfter(s, end)) {
			return true
		}
		i = start + 1
	}
}

func letterBefore(s string, i int) bool {
	r, n := utf8.DecodeLastRuneInString(s[:i])
	return n > 0 && unicode.IsLetter(r)
}

func letterAfter(s string, i int) bool {
	for _, r := range s[i:] {
		return unicode.IsLetter(r)
	}
	return false
}
