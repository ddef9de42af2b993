package rfc822

import "bytes"

// split is the outcome of cutting a multipart body at its boundary.
type split struct {
	parts  [][]byte
	found  bool // at least one delimiter line was seen
	closed bool // the close delimiter was seen
	cut    bool // more parts followed than max allowed
}

// splitMultipart cuts body at the delimiter lines of boundary (RFC 2046
// §5.1.1): "--boundary" at the start of a line, optionally followed by
// "--" and white space. The line break before a delimiter belongs to it.
// Preamble and epilogue are dropped; without a close delimiter the last
// part runs to the end. At most max parts are returned.
func splitMultipart(body []byte, boundary string, max int) split {
	var sp split
	delim := []byte("--" + boundary)
	partStart := -1
	pos := 0
	for pos <= len(body) {
		i := bytes.Index(body[pos:], delim)
		if i < 0 {
			break
		}
		at := pos + i
		pos = at + 1
		if at > 0 && body[at-1] != '\n' {
			continue
		}
		after := at + len(delim)
		closing := bytes.HasPrefix(body[after:], []byte("--"))
		if closing {
			after += 2
		}
		end, ok := restOfLineBlank(body, after)
		if !ok {
			continue
		}
		sp.found = true
		if partStart >= 0 {
			stop := at
			if stop > partStart && body[stop-1] == '\n' {
				stop--
				if stop > partStart && body[stop-1] == '\r' {
					stop--
				}
			}
			if len(sp.parts) >= max {
				sp.cut = true
				return sp
			}
			sp.parts = append(sp.parts, body[partStart:stop])
		}
		if closing {
			sp.closed = true
			return sp
		}
		partStart = end
		pos = end
	}
	if partStart >= 0 {
		if len(sp.parts) >= max {
			sp.cut = true
			return sp
		}
		sp.parts = append(sp.parts, body[partStart:])
	}
	return sp
}

// restOfLineBlank reports whether body[from:] up to the line end holds
// only white space, and returns the index past the line end.
func restOfLineBlank(body []byte, from int) (int, bool) {
	for i := from; i < len(body); i++ {
		switch body[i] {
		case ' ', '\t', '\r':
		case '\n':
			return i + 1, true
		default:
			return 0, false
		}
	}
	return len(body), true
}
