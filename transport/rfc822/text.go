package rfc822

import (
	"bytes"
	"io"
	"mime"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-message/charset"
)

// fallbackCharset reads 8-bit text that claims no charset (or ASCII). It
// is a superset of ISO-8859-1 and maps every byte to a character.
const fallbackCharset = "windows-1252"

// isUTF8Name reports whether cs names UTF-8 or its ASCII subset.
func isUTF8Name(cs string) bool {
	switch strings.ToLower(strings.TrimSpace(cs)) {
	case "utf-8", "utf8", "us-ascii", "ascii", "":
		return true
	}
	return false
}

// toUTF8 converts b from charset cs to valid UTF-8 with at most limit
// output bytes. note is non-empty when the conversion had to guess: an
// unknown charset (the bytes are kept as best-effort UTF-8), invalid
// UTF-8, or 8-bit bytes where ASCII was promised. cut is set when limit
// was reached.
func toUTF8(cs string, b []byte, limit int) (s, note string, cut bool) {
	cs = strings.ToLower(strings.Trim(strings.TrimSpace(cs), `"'`))
	cs = strings.TrimPrefix(cs, "charset=")
	if isUTF8Name(cs) {
		if utf8.Valid(b) {
			s, cut = clip(string(b), limit)
			return s, "", cut
		}
		if cs == "utf-8" || cs == "utf8" {
			s, cut = clip(strings.ToValidUTF8(string(b), "\uFFFD"), limit)
			return s, "invalid UTF-8 replaced", cut
		}
		// 8-bit bytes where ASCII was promised: the usual culprit is a
		// Western single-byte charset.
		note = "8-bit text without a charset read as " + fallbackCharset
		cs = fallbackCharset
	}
	r, err := charset.Reader(cs, bytes.NewReader(b))
	if err != nil {
		s, cut = clip(strings.ToValidUTF8(string(b), "\uFFFD"), limit)
		return s, "unknown charset " + strconvQuote(cs) + " shown as best-effort UTF-8", cut
	}
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil && len(out) == 0 {
		s, cut = clip(strings.ToValidUTF8(string(b), "\uFFFD"), limit)
		return s, "charset " + strconvQuote(cs) + " did not decode; shown as best-effort UTF-8", cut
	}
	if err != nil {
		note = "charset " + strconvQuote(cs) + " stopped decoding early"
	}
	s, cut = clip(strings.ToValidUTF8(string(out), "\uFFFD"), limit)
	return s, note, cut
}

func strconvQuote(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	return strconv.Quote(s)
}

// dropPartialRune removes an incomplete UTF-8 sequence at the end of b,
// as left by a cut at a byte limit.
func dropPartialRune(b []byte) []byte {
	for k := 1; k <= 3 && k <= len(b); k++ {
		if utf8.RuneStart(b[len(b)-k]) {
			if !utf8.FullRune(b[len(b)-k:]) {
				return b[:len(b)-k]
			}
			break
		}
	}
	return b
}

// clip cuts s to at most limit bytes on a rune boundary.
func clip(s string, limit int) (string, bool) {
	if len(s) <= limit {
		return s, false
	}
	i := limit
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i], true
}

// wordDecoder decodes RFC 2047 encoded words with go-message's charset
// tables. An unknown charset never fails the field: its bytes are kept as
// best-effort UTF-8 and *unknown is set.
func wordDecoder(unknown *bool) *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: func(cs string, in io.Reader) (io.Reader, error) {
		r, err := charset.Reader(cs, in)
		if err == nil {
			return r, nil
		}
		if unknown != nil {
			*unknown = true
		}
		b, err := io.ReadAll(io.LimitReader(in, 1<<20))
		if err != nil {
			return nil, err
		}
		return strings.NewReader(strings.ToValidUTF8(string(b), "\uFFFD")), nil
	}}
}

// decodeWords decodes the encoded words of an unstructured field. Words
// that do not decode stay as written.
func decodeWords(s string, unknown *bool) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	d, err := wordDecoder(unknown).DecodeHeader(s)
	if err != nil {
		return s
	}
	return d
}

// cleanText replaces control characters (except TAB) and invalid UTF-8
// in decoded header text with U+FFFD, and TAB with a space, so a decoded
// field can hold no line break, NUL or terminal escape.
func cleanText(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isClean(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError {
			return false
		}
	}
	return true
}

// normalizeNewlines turns CRLF and lone CR into LF and NUL into U+FFFD,
// for body text shown to people.
func normalizeNewlines(s string) string {
	if !strings.ContainsAny(s, "\r\x00") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
}
