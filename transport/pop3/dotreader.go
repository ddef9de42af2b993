package pop3

import (
	"bufio"
	"errors"
	"io"
)

// dotReader streams the body of a multi-line reply (RETR, TOP): it removes
// the stuffed dot of lines that begin with ".", stops at the lone "."
// line, and passes every other byte through unchanged, line ends included.
// Memory use is the bufio buffer whatever the line lengths; maxLine and
// max bound how much a server can make Wren read.
type dotReader struct {
	r       *bufio.Reader
	maxLine int   // octets of one line, line end included
	max     int64 // octets of the whole body after unstuffing
	n       int64 // octets returned so far
	lineLen int   // octets of the current line so far
	bol     bool  // at the beginning of a line
	pend    []byte
	err     error // sticky: io.EOF at the end, else the failure
}

func newDotReader(r *bufio.Reader, maxLine int, max int64) *dotReader {
	return &dotReader{r: r, maxLine: maxLine, max: max, bol: true}
}

func (d *dotReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, d.err
	}
	for len(d.pend) == 0 {
		if d.err != nil {
			return 0, d.err
		}
		d.err = d.fill()
	}
	n := copy(p, d.pend)
	d.pend = d.pend[n:]
	return n, nil
}

// fill reads the next piece of a line into pend. The slice points into the
// bufio buffer and stays valid because nothing else reads until it is
// consumed.
func (d *dotReader) fill() error {
	if d.bol {
		end, err := d.lineStart()
		if err != nil || end {
			return err
		}
	}
	chunk, err := d.r.ReadSlice('\n')
	switch {
	case err == nil:
		d.bol = true
	case errors.Is(err, bufio.ErrBufferFull):
		err = nil
	case errors.Is(err, io.EOF):
		// What arrived before the drop is still handed out.
		err = io.ErrUnexpectedEOF
	}
	d.lineLen += len(chunk)
	if d.lineLen > d.maxLine {
		return tooLarge("message line")
	}
	if d.max-d.n < int64(len(chunk)) {
		return tooLarge("message")
	}
	d.n += int64(len(chunk))
	d.pend = chunk
	return err
}

// lineStart handles the first octet of a line: the terminator ends the
// body (end is true, err io.EOF), a stuffed dot is dropped.
func (d *dotReader) lineStart() (end bool, err error) {
	d.bol = false
	d.lineLen = 0
	b, err := d.r.Peek(1)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return false, err
	}
	if b[0] != '.' {
		return false, nil
	}
	// Peek only as far as needed: a server that ends with ".\n" and then
	// waits must not stall the reader.
	if b, _ = d.r.Peek(2); len(b) == 2 && b[1] == '\n' {
		d.r.Discard(2)
		return true, io.EOF
	}
	if b, _ = d.r.Peek(3); len(b) == 3 && b[1] == '\r' && b[2] == '\n' {
		d.r.Discard(3)
		return true, io.EOF
	}
	d.r.Discard(1)
	d.lineLen = 1 // the stuffed dot counts against the line bound
	return false, nil
}
