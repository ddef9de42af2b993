package pop3

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strings"

	"wren/transport"
)

// This file is the POP3 reply grammar: status lines (RFC 1939 §3) with
// extended response codes (RFC 2449 §8) and multi-line replies ending in a
// lone ".". Every read is bounded.

// statusKind is the first token of a reply line.
type statusKind int

const (
	statusOK   statusKind = iota + 1 // +OK
	statusErr                        // -ERR
	statusCont                       // "+ " SASL continuation (RFC 5034)
)

// status is one parsed status line.
type status struct {
	kind statusKind
	// code is the extended response code without brackets, upper-cased,
	// such as "IN-USE" or "SYS/TEMP"; "" when the line has none.
	code string
	// text is the rest of the line, verbatim.
	text string
}

// maxCodeLen bounds a bracketed response code; longer brackets are text.
const maxCodeLen = 64

// errNotPOP3 means a reply line that is neither +OK nor -ERR.
var errNotPOP3 = textproto.ProtocolError("reply is neither +OK nor -ERR")

// tooLarge marks a bound overrun; the connection cannot be resynchronised.
func tooLarge(what string) error { return fmt.Errorf("%s: %w", what, transport.ErrTooLarge) }

// parseStatus parses a status line given without its line end.
func parseStatus(line []byte) (status, error) {
	var st status
	var rest []byte
	switch {
	case hasPrefixFold(line, "+OK"):
		st.kind, rest = statusOK, line[3:]
	case hasPrefixFold(line, "-ERR"):
		st.kind, rest = statusErr, line[4:]
	case len(line) > 0 && line[0] == '+':
		st.kind, rest = statusCont, line[1:]
	default:
		return status{}, errNotPOP3
	}
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' {
		return status{}, errNotPOP3
	}
	if st.kind == statusCont {
		// The challenge is base64; keep it exactly, minus the one space.
		st.text = string(bytes.TrimPrefix(rest, []byte(" ")))
		return st, nil
	}
	rest = bytes.TrimLeft(rest, " \t")
	st.code, rest = parseCode(rest)
	st.text = string(rest)
	return st, nil
}

// parseCode splits a leading "[LEVEL/LEVEL]" code from text. A malformed
// bracket is left in the text: it is the server's prose, not a code.
func parseCode(text []byte) (string, []byte) {
	if len(text) == 0 || text[0] != '[' {
		return "", text
	}
	end := bytes.IndexByte(text, ']')
	if end < 2 || end > maxCodeLen+1 {
		return "", text
	}
	code := text[1:end]
	for _, level := range bytes.Split(code, []byte("/")) {
		if len(level) == 0 {
			return "", text
		}
		for _, c := range level {
			if !isRespCodeChar(c) {
				return "", text
			}
		}
	}
	return strings.ToUpper(string(code)), bytes.TrimLeft(text[end+1:], " \t")
}

// isRespCodeChar is RFC 2449's rchar: printable, but not "/" or "]".
func isRespCodeChar(c byte) bool {
	return c >= 0x21 && c <= 0x7f && c != '/' && c != ']'
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// readLine returns the next line without its CRLF (a bare LF is tolerated),
// reading at most max octets plus the line end.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > max+2 {
			return nil, tooLarge("reply line")
		}
		line = append(line, chunk...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(line) > 0 {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		break
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) > max {
		return nil, tooLarge("reply line")
	}
	return line, nil
}

// readStatus reads and parses one status line.
func readStatus(r *bufio.Reader, max int) (status, error) {
	line, err := readLine(r, max)
	if err != nil {
		return status{}, err
	}
	return parseStatus(line)
}

// readListing calls fn with each line of a multi-line reply, dot-unstuffed,
// until the terminating ".". At most maxLines lines are read. An error from
// fn does not stop the reading, so the session stays in step; the first
// such error is returned once the terminator has been read.
func readListing(r *bufio.Reader, maxLine, maxLines int, fn func(line []byte) error) error {
	var first error
	for n := 0; ; n++ {
		line, err := readLine(r, maxLine)
		if err != nil {
			return err
		}
		if len(line) > 0 && line[0] == '.' {
			if len(line) == 1 {
				return first
			}
			line = line[1:]
		}
		if n >= maxLines {
			return tooLarge("listing")
		}
		if err := fn(line); err != nil && first == nil {
			first = err
		}
	}
}
