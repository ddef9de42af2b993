package render

import (
	"strings"
	"unicode"
)

// suspiciousScript reports a host (Unicode form) with a label that mixes
// scripts in a way used for spoofing (Latin with Cyrillic or Greek ...) or
// that is written entirely in look-alikes of Latin letters. Latin mixed
// with Han, Kana or Hangul is normal and allowed, as browsers do.
func suspiciousScript(host string) bool {
	for _, label := range strings.Split(host, ".") {
		if mixedLabel(label) || confusableLabel(label) {
			return true
		}
	}
	return false
}

var scripts = []struct {
	name  string
	table *unicode.RangeTable
}{
	{"Latin", unicode.Latin}, {"Cyrillic", unicode.Cyrillic}, {"Greek", unicode.Greek},
	{"Armenian", unicode.Armenian}, {"Hebrew", unicode.Hebrew}, {"Arabic", unicode.Arabic},
	{"Han", unicode.Han}, {"Hiragana", unicode.Hiragana}, {"Katakana", unicode.Katakana},
	{"Hangul", unicode.Hangul}, {"Thai", unicode.Thai}, {"Devanagari", unicode.Devanagari},
	{"Georgian", unicode.Georgian}, {"Cherokee", unicode.Cherokee},
}

func scriptOf(r rune) string {
	for _, s := range scripts {
		if unicode.Is(s.table, r) {
			return s.name
		}
	}
	if unicode.IsLetter(r) {
		return "Other"
	}
	return "" // digits, hyphen: common to all scripts
}

// cjk are the scripts that legitimately combine with Latin and each other.
var cjk = map[string]bool{"Han": true, "Hiragana": true, "Katakana": true, "Hangul": true}

func mixedLabel(label string) bool {
	seen := map[string]bool{}
	for _, r := range label {
		if s := scriptOf(r); s != "" {
			seen[s] = true
		}
	}
	if len(seen) < 2 {
		return false
	}
	for s := range seen {
		if s != "Latin" && !cjk[s] {
			return true
		}
	}
	return false
}

// latinLookalikes are Cyrillic, Greek and other letters that render like
// Latin letters.
const latinLookalikes = "аbсԁеһіјӏорԛѕԝхуᴠѵԜүɡοαν" +
	"ԌАВЕКМНОРСТХѴІЈЅԚԜ" + "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ" + "ɑɩɪʟ"

// confusableLabel reports a label without Latin letters made only of
// letters that look Latin (www.аррӏе.com).
func confusableLabel(label string) bool {
	letters, alike := 0, 0
	for _, r := range label {
		if !unicode.IsLetter(r) {
			continue
		}
		letters++
		if r < 0x80 {
			return false
		}
		if strings.ContainsRune(latinLookalikes, r) {
			alike++
		}
	}
	return letters > 0 && alike == letters
}
