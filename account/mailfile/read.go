package mailfile

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"time"
)

// readBuffer is the bufio size: lines up to it come out of ReadSlice whole,
// so only longer ones are pieced together.
const readBuffer = 64 << 10

// maxFromLine bounds what is kept of a "From " line; the rest of an absurdly
// long one is read and dropped.
const maxFromLine = 4 << 10

var fromPrefix = []byte("From ")

// MboxReader reads an mbox stream message by message. Only the message
// being read is held in memory.
//
// A stream that does not start with "From " gives a resumable CorruptError
// at line 1; the next Next skips to the first separator (a "From " line
// after a blank line), so a file with junk before its first message still
// imports. An empty stream gives io.EOF at once. A message larger than
// MaxMessage is a resumable CorruptError at its "From " line, and the next
// Next goes on after it. A truncated last message is returned as it is. A
// failing read is a CorruptError that is not resumable; Next returns it
// again from then on.
type MboxReader struct {
	br   *bufio.Reader
	f    Format
	path string

	off  int64 // bytes consumed
	line int   // complete lines consumed

	started bool
	// The "From " line of the next message, already consumed.
	from     []byte
	fromOff  int64
	fromLine int
	haveFrom bool

	// skip: find the next separator before reading a message; the fields
	// say where the damage left the stream.
	skip          bool
	skipMidLine   bool
	skipPrevBlank bool

	err error // io.EOF or a non-resumable error, returned from then on
}

// NewMboxReader reads mbox from r in dialect f; path only names the file in
// errors.
func NewMboxReader(r io.Reader, f Format, path string) *MboxReader {
	return &MboxReader{br: bufio.NewReaderSize(r, readBuffer), f: f, path: path}
}

// Offset is the number of bytes consumed so far (for progress bars).
func (m *MboxReader) Offset() int64 { return m.off }

// Next returns the next message, io.EOF after the last, or a *CorruptError.
func (m *MboxReader) Next() (Message, error) {
	if m.err != nil {
		return Message{}, m.err
	}
	if !m.started {
		m.started = true
		head, err := m.br.Peek(len(fromPrefix))
		switch {
		case len(head) == 0 && err == io.EOF:
			m.err = io.EOF
			return Message{}, io.EOF
		case bytes.Equal(head, fromPrefix):
			if err := m.readFrom(); err != nil {
				return Message{}, err
			}
		case err != nil && err != io.EOF:
			return Message{}, m.fail(err)
		default:
			m.skip, m.skipMidLine, m.skipPrevBlank = true, false, false
			return Message{}, &CorruptError{Path: m.path, Offset: 0, Line: 1, Resumable: true,
				Reason: `not an mbox: the file does not start with a "From " line`}
		}
	}
	if m.skip {
		m.skip = false
		if err := m.skipToSeparator(); err != nil {
			return Message{}, err
		}
	}
	if !m.haveFrom {
		m.err = io.EOF
		return Message{}, io.EOF
	}
	return m.readMessage()
}

// fragment is one ReadSlice: a whole line, or a buffer-full piece of a
// longer one (full true). err is io.EOF or a read failure, with whatever
// came before it in frag.
func (m *MboxReader) fragment() (frag []byte, full bool, err error) {
	frag, err = m.br.ReadSlice('\n')
	m.off += int64(len(frag))
	if err == bufio.ErrBufferFull {
		return frag, true, nil
	}
	if err == nil {
		m.line++
	}
	return frag, false, err
}

// fail records a read failure; nothing after it can be trusted.
func (m *MboxReader) fail(err error) error {
	m.err = &CorruptError{Path: m.path, Offset: m.off, Line: m.line + 1,
		Reason: "reading failed", Err: err}
	return m.err
}

// readFrom consumes the "From " line at the read position.
func (m *MboxReader) readFrom() error {
	off, line := m.off, m.line+1
	frag, full, err := m.fragment()
	return m.takeFrom(frag, full, err, off, line)
}

// takeFrom keeps the "From " line whose first fragment was just read, and
// consumes the rest of it.
func (m *MboxReader) takeFrom(frag []byte, full bool, err error, off int64, line int) error {
	m.from = append(m.from[:0], frag[:min(len(frag), maxFromLine)]...)
	m.fromOff, m.fromLine, m.haveFrom = off, line, true
	for full {
		frag, full, err = m.fragment()
		if room := maxFromLine - len(m.from); room > 0 {
			m.from = append(m.from, frag[:min(len(frag), room)]...)
		}
	}
	if err != nil && err != io.EOF {
		m.haveFrom = false
		return m.fail(err)
	}
	return nil
}

// skipToSeparator drops lines up to the next separator and consumes it. No
// separator: haveFrom is false and the stream is at its end.
func (m *MboxReader) skipToSeparator() error {
	m.haveFrom = false
	atStart, prevBlank := !m.skipMidLine, m.skipPrevBlank
	for {
		off, line := m.off, m.line+1
		frag, full, err := m.fragment()
		if atStart && prevBlank && bytes.HasPrefix(frag, fromPrefix) {
			return m.takeFrom(frag, full, err, off, line)
		}
		switch {
		case err == io.EOF:
			return nil
		case err != nil:
			return m.fail(err)
		case full:
			atStart, prevBlank = false, false
		default:
			prevBlank = atStart && isBlank(frag)
			atStart = true
		}
	}
}

// readMessage reads the message after the "From " line in m.from, up to the
// next separator (which it consumes) or the end of the stream.
func (m *MboxReader) readMessage() (Message, error) {
	msg := Message{Offset: m.fromOff, Line: m.fromLine}
	msg.Sender, msg.Date = parseFromLine(m.from)
	m.haveFrom = false

	buf := make([]byte, 0, 4<<10)
	prevBlank, blankLen := false, 0
	for {
		lineStart := len(buf)
		off, lineNo := m.off, m.line+1
		atStart := true
		var err error
		for {
			var frag []byte
			var full bool
			frag, full, err = m.fragment()
			if atStart && prevBlank && bytes.HasPrefix(frag, fromPrefix) {
				msg.Raw = buf[:lineStart-blankLen]
				// This message is whole even if reading the next "From "
				// line fails: that failure waits in m.err for the next call.
				_ = m.takeFrom(frag, full, err, off, lineNo)
				return msg, nil
			}
			atStart = false
			buf = append(buf, frag...)
			if !full {
				break
			}
			if len(buf) > MaxMessage {
				return Message{}, m.tooLarge(msg, true, false)
			}
		}
		if err != nil && err != io.EOF {
			return Message{}, m.fail(err)
		}
		buf = m.unquote(buf, lineStart)
		line := buf[lineStart:]
		if err == io.EOF && len(line) == 0 {
			// A blank line ending the stream is the writer's separator.
			if prevBlank {
				buf = buf[:lineStart-blankLen]
			}
			msg.Raw = buf
			m.err = io.EOF
			return msg, nil
		}
		blank := isBlank(line)
		// A blank line may yet turn out to be the separator's, so it is not
		// counted until the next line; a run of them still is.
		if size := len(buf); blank && size-len(line) > MaxMessage || !blank && size > MaxMessage {
			return Message{}, m.tooLarge(msg, false, blank)
		}
		if err == io.EOF {
			// The last line has no newline: a truncated file, kept as found.
			msg.Raw = buf
			m.err = io.EOF
			return msg, nil
		}
		prevBlank, blankLen = blank, len(line)
	}
}

// tooLarge reports msg as over MaxMessage and arranges for the next Next to
// skip the rest of it.
func (m *MboxReader) tooLarge(msg Message, midLine, blank bool) error {
	m.skip, m.skipMidLine, m.skipPrevBlank = true, midLine, blank
	return &CorruptError{Path: m.path, Offset: msg.Offset, Line: msg.Line, Resumable: true,
		Reason: "message larger than 64 MiB, skipped"}
}

// unquote undoes the From-quoting of the complete line at buf[start:].
func (m *MboxReader) unquote(buf []byte, start int) []byte {
	line := buf[start:]
	if len(line) == 0 || line[0] != '>' {
		return buf
	}
	switch m.f {
	case MboxO:
		if !bytes.HasPrefix(line[1:], fromPrefix) {
			return buf
		}
	default:
		if !bytes.HasPrefix(bytes.TrimLeft(line, ">"), fromPrefix) {
			return buf
		}
	}
	copy(line, line[1:])
	return buf[:len(buf)-1]
}

func isBlank(line []byte) bool {
	return len(line) == 1 && line[0] == '\n' || len(line) == 2 && line[0] == '\r' && line[1] == '\n'
}

// fromDateLayouts are the dates seen on "From " lines: asctime, and asctime
// with a zone as some tools append or insert one.
var fromDateLayouts = []string{
	time.ANSIC,
	"Mon Jan _2 15:04:05 2006 -0700",
	"Mon Jan _2 15:04:05 -0700 2006",
	time.UnixDate,
}

// parseFromLine reads the sender and date of a "From sender date" line.
func parseFromLine(line []byte) (sender string, date time.Time) {
	s := strings.TrimRight(string(line[len(fromPrefix):]), "\r\n")
	sender, rest, _ := strings.Cut(s, " ")
	rest = strings.TrimSpace(rest)
	for _, layout := range fromDateLayouts {
		if t, err := time.Parse(layout, rest); err == nil {
			return sender, t.UTC()
		}
	}
	// Some lines carry more after the date ("remote from host"): try the
	// asctime-sized prefix alone.
	if len(rest) > 24 {
		if t, err := time.Parse(time.ANSIC, rest[:24]); err == nil {
			return sender, t.UTC()
		}
	}
	return sender, time.Time{}
}
