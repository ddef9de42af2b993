package rfc822

import "io"

// CRLFWriter rewrites every line ending to CRLF: a bare CR, a bare LF and
// CRLF all become CRLF, the form RFC 5322 messages travel in. Outgoing
// messages are written through it into the outbox (so the Sent copy's
// APPEND carries no bare LF, which some servers refuse) and again onto the
// SMTP wire: go-smtp's dot-writer turns LF into CRLF but lets a bare CR
// through, which is what SMTP smuggling exploits.
type CRLFWriter struct {
	w      io.Writer
	lastCR bool // the previous byte was a CR, already written as CRLF
	buf    []byte
}

// NewCRLFWriter writes to w.
func NewCRLFWriter(w io.Writer) *CRLFWriter { return &CRLFWriter{w: w} }

func (c *CRLFWriter) Write(p []byte) (int, error) {
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
