package render

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// unsafeRune reports characters that can hide or reorder what a reader
// sees: C0 and C1 controls (NUL included), bidi embeddings, overrides,
// isolates and marks, invisible separators, and zero-width or invisible
// format characters (ZWJ and ZWNJ stay: emoji and several scripts need
// them).
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	case r == 0x2028, r == 0x2029, r == 0xfeff:
		return true
	case r == 0x200b, r >= 0x2060 && r <= 0x2064, r >= 0x206a && r <= 0x206f, r == 0x180e, r >= 0xfff9 && r <= 0xfffb:
		return true
	}
	return false
}

// isBidi reports the bidi control characters.
func isBidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
}

// SafeText returns s for display: every control, bidi or invisible
// formatting character becomes a visible placeholder such as ⟨U+202E⟩, and
// invalid UTF-8 becomes U+FFFD.
func SafeText(s string) string {
	clean := utf8.ValidString(s)
	for _, r := range s {
		if unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case unsafeRune(r):
			fmt.Fprintf(&b, "⟨U+%04X⟩", r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}
