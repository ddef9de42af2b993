package smtp

import "io"

// crlfWriter rewrites every line ending to CRLF: a bare CR, a bare LF and
// CRLF all become CRLF. go-smtp's dot-writer turns LF into CRLF but lets a
// bare CR through, which is what SMTP smuggling exploits; after this writer
// no bare CR or LF reaches the wire. (The dot-writer still does the
// dot-stuffing and ends the data with CRLF.CRLF.)
type crlfWriter struct {
	w      io.Writer
	lastCR bool // the previous byte was a CR, already written as CRLF
	buf    []byte
}

func newCRLFWriter(w io.Writer) *crlfWriter { return &crlfWriter{w: w} }

func (c *crlfWriter) Write(p []byte) (int, error) {
	c.buf = c.buf[:0]
	for _, b := range p {
		switch b {
		case '\r':
			c.buf = append(c.buf, '\r', '\n')
			c.lastCR = true
		case '\n':
			if !c.lastCR {
				c.buf = append(c.buf, '\r', '\n')
			}
			c.lastCR = false
		default:
			c.buf = append(c.buf, b)
			c.lastCR = false
		}
	}
	if _, err := c.w.Write(c.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}
