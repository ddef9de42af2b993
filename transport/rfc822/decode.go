package rfc822

import (
	"bytes"
	"strings"
)

// sink collects decoded bytes up to a limit and counts all of them, so the
// true size is known even when the data is cut.
type sink struct {
	out   []byte
	limit int64
	total int64
}

func newSink(limit int64, hint int) *sink {
	if limit < 0 {
		limit = 0
	}
	n := int64(hint)
	if n > limit {
		n = limit
	}
	return &sink{out: make([]byte, 0, n), limit: limit}
}

func (s *sink) byte(c byte) {
	if int64(len(s.out)) < s.limit {
		s.out = append(s.out, c)
	}
	s.total++
}

func (s *sink) bytes(b []byte) {
	room := s.limit - int64(len(s.out))
	if room > int64(len(b)) {
		room = int64(len(b))
	}
	if room > 0 {
		s.out = append(s.out, b[:room]...)
	}
	s.total += int64(len(b))
}

// decodeTransfer undoes a Content-Transfer-Encoding. Unknown encodings
// pass the bytes through; problem says what was wrong, if anything.
func decodeTransfer(cte string, src []byte, limit int64) (out []byte, total int64, problem string) {
	cte = strings.ToLower(strings.TrimSpace(cte))
	if i := strings.IndexAny(cte, "; \t"); i >= 0 {
		cte = cte[:i]
	}
	switch cte {
	case "base64":
		s := newSink(limit, len(src)*3/4+3)
		if !decodeBase64(s, src) {
			problem = "corrupt or truncated base64"
		}
		return s.out, s.total, problem
	case "quoted-printable":
		s := newSink(limit, len(src))
		if !decodeQP(s, src) {
			problem = "malformed quoted-printable"
		}
		return s.out, s.total, problem
	case "", "7bit", "8bit", "binary", "7-bit", "8-bit":
	default:
		problem = "unknown transfer encoding " + cte + "; shown undecoded"
	}
	s := newSink(limit, len(src))
	s.bytes(src)
	return s.out, s.total, problem
}

var b64 = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alpha); i++ {
		t[alpha[i]] = byte(i)
	}
	return t
}()

// decodeBase64 decodes leniently: white space and stray characters are
// skipped, padding ends a quantum (so concatenated base64 decodes), and a
// missing padding is tolerated. It reports false when the input had
// characters outside the alphabet or ended in the middle of a byte.
func decodeBase64(s *sink, src []byte) bool {
	clean := true
	var acc uint32
	n := 0
	flush := func() {
		switch n {
		case 1:
			clean = false
		case 2:
			s.byte(byte(acc >> 4))
		case 3:
			s.byte(byte(acc >> 10))
			s.byte(byte(acc >> 2))
		}
		acc, n = 0, 0
	}
	for _, c := range src {
		v := b64[c]
		if v == 0xff {
			switch c {
			case '=':
				flush()
			case ' ', '\t', '\r', '\n':
			default:
				clean = false
			}
			continue
		}
		acc = acc<<6 | uint32(v)
		n++
		if n == 4 {
			s.byte(byte(acc >> 16))
			s.byte(byte(acc >> 8))
			s.byte(byte(acc))
			acc, n = 0, 0
		}
	}
	flush()
	return clean
}

// decodeQP decodes quoted-printable leniently: an "=" that starts no
// valid escape is kept literally, lower-case hex is accepted, trailing
// white space is dropped, and line breaks become CRLF.
func decodeQP(s *sink, src []byte) bool {
	clean := true
	for len(src) > 0 {
		var line []byte
		nl := false
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src, nl = src[:i], src[i+1:], true
		} else {
			line, src = src, nil
		}
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		for len(line) > 0 && (line[len(line)-1] == ' ' || line[len(line)-1] == '\t') {
			line = line[:len(line)-1]
		}
		soft := false
		if len(line) > 0 && line[len(line)-1] == '=' {
			line, soft = line[:len(line)-1], true
		}
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c == '=' {
				if i+2 < len(line) {
					h, ok1 := unhex(line[i+1])
					l, ok2 := unhex(line[i+2])
					if ok1 && ok2 {
						s.byte(h<<4 | l)
						i += 2
						continue
					}
				}
				clean = false
			}
			s.byte(c)
		}
		if nl && !soft {
			s.byte('\r')
			s.byte('\n')
		}
	}
	return clean
}
