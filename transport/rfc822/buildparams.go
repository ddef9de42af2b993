package rfc822

import (
	"sort"
	"strconv"
	"strings"
)

// maxParamChunk keeps each RFC 2231 section short enough that the header
// folds at the "; " between sections, well under 78 octets a line.
const maxParamChunk = 60

// formatParam writes key=value: as a token or quoted string when the
// value is short printable ASCII, else in RFC 2231 extended notation
// (UTF-8, percent-encoded), split into numbered sections when long.
func formatParam(key, val string) string {
	if len(val) <= maxParamChunk && isPrintableASCII(val) {
		if isToken(val) {
			return key + "=" + val
		}
		return key + "=" + strconv.Quote(val)
	}
	enc := percentEncode(val)
	if len(enc) <= maxParamChunk {
		return key + "*=utf-8''" + enc
	}
	var secs []string
	for i := 0; enc != ""; i++ {
		n := min(maxParamChunk, len(enc))
		// Never split a %XX triplet.
		if j := strings.LastIndexByte(enc[:n], '%'); j >= 0 && j > n-3 && n < len(enc) {
			n = j
		}
		prefix := key + "*" + strconv.Itoa(i) + "*="
		if i == 0 {
			prefix += "utf-8''"
		}
		secs = append(secs, prefix+enc[:n])
		enc = enc[n:]
	}
	return strings.Join(secs, "; ")
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f || s[i] == '"' || s[i] == '\\' {
			return false
		}
	}
	return true
}

// percentEncode escapes everything but RFC 2231 attribute-chars.
func percentEncode(s string) string {
	const hexd = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c > ' ' && c < 0x7f && strings.IndexByte(`*'%()<>@,;:\"/[]?=`, c) < 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	return b.String()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
