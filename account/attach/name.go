package attach

import (
	"mime"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameBytes keeps names well under the 255-byte limit of common file
// systems, leaving room for a " (12)" suffix.
const maxNameBytes = 200

// SafeName turns the name a message gives an attachment into a plain file
// name: no directory parts, no control, bidi or invisible characters, none
// of the characters Windows refuses, no reserved device names (CON, COM1…),
// no leading dots (hidden files) or trailing dots and spaces. An empty
// result becomes "attachment" with an extension from the content type.
func SafeName(name, contentType string) string {
	// Only the last path element counts, whichever separator the sender used.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, hidden(r):
			// dropped: it could disguise the real name or extension
		case strings.ContainsRune(`<>:"|?*`, r), unicode.IsControl(r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.TrimLeft(strings.TrimSpace(b.String()), ". ")
	name = strings.TrimRight(name, ". ")
	if name == "" {
		name = "attachment" + extensionFor(contentType)
	}
	if reserved(name) {
		name = "_" + name
	}
	return truncate(name, maxNameBytes)
}

// hidden reports characters that change how a name displays without being
// seen: bidi controls (the "exe.pdf" trick), zero-width characters and
// other format characters.
func hidden(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069,
		r == 0x200E, r == 0x200F, r == 0x061C,
		r >= 0x200B && r <= 0x200D, r == 0xFEFF, r == 0x2060:
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// reserved reports Windows device names, which stay devices whatever the
// extension or trailing spaces (GO-2023-2186 covers COM¹ too).
func reserved(name string) bool {
	base := name
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) >= 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		rest := base[3:]
		r, n := utf8.DecodeRuneInString(rest)
		if n == len(rest) && (r >= '0' && r <= '9' || r == '¹' || r == '²' || r == '³') {
			return true
		}
	}
	return false
}

func extensionFor(contentType string) string {
	t, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	switch t {
	case "text/plain":
		return ".txt"
	case "message/rfc822":
		return ".eml"
	}
	exts, _ := mime.ExtensionsByType(t)
	if len(exts) == 0 {
		return ""
	}
	return exts[0]
}

// truncate cuts name to at most n bytes on a rune boundary, keeping a
// short extension so the file still opens with the right program.
func truncate(name string, n int) string {
	if len(name) <= n {
		return name
	}
	ext := filepath.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	stem := name[:len(name)-len(ext)]
	limit := n - len(ext)
	for limit > 0 && !utf8.RuneStart(stem[limit]) {
		limit--
	}
	return stem[:limit] + ext
}
