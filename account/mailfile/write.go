package mailfile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// MboxWriter appends messages to an mbox. The stream it writes to must be
// empty or end the way this writer leaves it (with a blank line), or the
// first message joins the last one already there.
type MboxWriter struct {
	bw  *bufio.Writer
	f   Format
	now func() time.Time // for tests
	err error            // the first write failure, returned from then on
}

// NewMboxWriter writes mbox in dialect f to w. Call Flush at the end.
func NewMboxWriter(w io.Writer, f Format) *MboxWriter {
	return &MboxWriter{bw: bufio.NewWriterSize(w, readBuffer), f: f, now: time.Now}
}

// Write writes "From <sender> <asctime date>\n", the message with its
// From-quoting, a "\n" if it does not end in one, and a blank line. The
// sender is msg.Sender or MAILER-DAEMON, with blanks and control characters
// made '_' so the line stays one line of two words; the date is msg.Date
// (or now) in UTC.
func (m *MboxWriter) Write(msg Message) error {
	if m.err != nil {
		return m.err
	}
	date := msg.Date
	if date.IsZero() {
		date = m.now()
	}
	fmt.Fprintf(m.bw, "From %s %s\n", envelopeSender(msg.Sender), date.UTC().Format(time.ANSIC))

	raw := msg.Raw
	start := 0 // raw[start:] is not written yet
	for i := 0; i < len(raw); {
		if m.quote(raw[i:]) {
			m.bw.Write(raw[start:i])
			m.bw.WriteByte('>')
			start = i
		}
		n := bytes.IndexByte(raw[i:], '\n')
		if n < 0 {
			break
		}
		i += n + 1
	}
	m.bw.Write(raw[start:])
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		m.bw.WriteByte('\n')
	}
	// bufio.Writer keeps its first error, so one check covers every write.
	if err := m.bw.WriteByte('\n'); err != nil {
		m.err = fmt.Errorf("mailfile: writing the mbox: %w", err)
	}
	return m.err
}

// Flush writes what is buffered to the underlying writer.
func (m *MboxWriter) Flush() error {
	if m.err != nil {
		return m.err
	}
	if err := m.bw.Flush(); err != nil {
		m.err = fmt.Errorf("mailfile: writing the mbox: %w", err)
	}
	return m.err
}

// quote reports whether the line at the start of b needs one more '>'.
func (m *MboxWriter) quote(b []byte) bool {
	if m.f == MboxRD {
		b = bytes.TrimLeft(b, ">")
	}
	return bytes.HasPrefix(b, fromPrefix)
}

func envelopeSender(s string) string {
	if s == "" {
		return "MAILER-DAEMON"
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return '_'
		}
		return r
	}, s)
}
