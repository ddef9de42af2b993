package imap

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"wren/transport"
)

// The plaintext part of a STARTTLS session is done here, not by go-imap:
// Wren reads it with an exact, unbuffered reader so that nothing after the
// tagged OK is consumed. Whatever a man in the middle appends to the OK
// stays in the socket and goes into the TLS handshake, which then fails; it
// is never parsed as IMAP (security.md §1.3, buffering class B).

const (
	plainLineMax    = 8 << 10  // one pre-TLS line
	plainLinesMax   = 64       // untagged lines tolerated before the tagged reply
	plainLiteralMax = 64 << 10 // all literals of the plaintext phase together
	startTLSTag     = "S1"
)

// syntheticGreeting stands in for the server's greeting once TLS is up:
// go-imap expects one, and the real greeting came in plaintext.
const syntheticGreeting = "* OK Wren: TLS established\r\n"

// Errors of the plaintext phase. They carry no server text: anything said
// before TLS may come from an attacker and is never shown as the server's.
var (
	ErrPreauth          = errors.New("server sent PREAUTH on a connection that must first be encrypted with STARTTLS")
	ErrSTARTTLSRefused  = errors.New("server refused STARTTLS")
	ErrGreetingRefused  = errors.New("server refused the connection before TLS (its reason is not shown: it was not encrypted)")
	errNotIMAP          = errors.New("server does not speak IMAP")
	errTooManyPlaintext = errors.New("too many untagged responses before STARTTLS completed")
)

// startTLS reads the plaintext greeting, upgrades conn with STARTTLS and
// returns the verified TLS connection. On failure conn is closed.
func startTLS(ctx context.Context, conn net.Conn, ep transport.Endpoint, o transport.Options) (*tls.Conn, error) {
	server := ep.Address()
	phase, cancel := context.WithTimeout(ctx, o.Timeouts.Greeting)
	defer cancel()
	stop := transport.Watch(phase, conn)
	conn.SetDeadline(transport.Deadline(phase, o.Timeouts.Greeting))
	step, err := plainUpgrade(conn)
	conn.SetDeadline(time.Time{})
	if !stop() && err != nil {
		err = fmt.Errorf("%w: %w", os.ErrDeadlineExceeded, err)
	}
	if err != nil {
		conn.Close()
		var te *transport.Error
		if errors.As(err, &te) {
			te.Server = server
			return nil, te
		}
		return nil, transport.Classify(err, transport.ProtoIMAP, server, step)
	}
	tc, err := transport.Handshake(ctx, conn, ep, o)
	if err != nil {
		return nil, transport.WithProtocol(err, transport.ProtoIMAP, server)
	}
	return tc, nil
}

// plainUpgrade does greeting and STARTTLS over conn, reading exactly up to
// the end of the tagged reply. A response with literals ({N}) is read as
// one: the literal's bytes are skipped, never taken for lines, so text in
// it cannot pass for the tagged reply.
func plainUpgrade(conn net.Conn) (transport.Step, error) {
	r := &exactReader{r: conn, literals: plainLiteralMax}
	line, err := r.line()
	if err != nil {
		return transport.StepGreeting, err
	}
	switch greetingKind(line) {
	case "OK":
	case "PREAUTH":
		return transport.StepGreeting, plainError(transport.CodeNoSTARTTLS, transport.StepGreeting, "PREAUTH", ErrPreauth)
	case "BYE":
		return transport.StepGreeting, plainError(transport.CodeIMAPRefused, transport.StepGreeting, "BYE", ErrGreetingRefused)
	default:
		return transport.StepGreeting, plainError(transport.CodeWrongProtocol, transport.StepGreeting, "", errNotIMAP)
	}
	if _, err := io.WriteString(conn, startTLSTag+" STARTTLS\r\n"); err != nil {
		return transport.StepSTARTTLS, err
	}
	for range plainLinesMax {
		line, err := r.line()
		if err != nil {
			return transport.StepSTARTTLS, err
		}
		tag, rest, _ := cut(line)
		switch {
		case tag == "*":
			continue // untagged data before TLS: neither parsed nor trusted
		case tag == "+":
			return transport.StepSTARTTLS, plainError(transport.CodeNoSTARTTLS, transport.StepSTARTTLS, "+", ErrSTARTTLSRefused)
		case tag != startTLSTag:
			return transport.StepSTARTTLS, plainError(transport.CodeWrongProtocol, transport.StepSTARTTLS, "", errNotIMAP)
		}
		status, _, _ := cut(rest)
		if upper(status) == "OK" {
			return transport.StepSTARTTLS, nil
		}
		return transport.StepSTARTTLS, plainError(transport.CodeNoSTARTTLS, transport.StepSTARTTLS, upper(status), ErrSTARTTLSRefused)
	}
	return transport.StepSTARTTLS, plainError(transport.CodeNoSTARTTLS, transport.StepSTARTTLS, "", errTooManyPlaintext)
}

func greetingKind(line string) string {
	tag, rest, _ := cut(line)
	if tag != "*" {
		return ""
	}
	status, _, _ := cut(rest)
	return upper(status)
}

func plainError(code transport.Code, step transport.Step, status string, err error) *transport.Error {
	info, _ := transport.Lookup(code)
	return &transport.Error{Code: code, Protocol: transport.ProtoIMAP, Step: step, ServerCode: status,
		Retry: info.Retry, Err: err}
}

// exactReader reads responses one byte at a time, so it never reads past
// the response it returns.
type exactReader struct {
	r        io.Reader
	buf      [1]byte
	literals int64 // literal bytes the server may still send
}

// line returns one response: its first line, with every literal it
// announces skipped and the text that follows each joined on.
func (r *exactReader) line() (string, error) {
	line, err := r.rawLine()
	for err == nil {
		n, ok := literalAt(line)
		if !ok {
			return line, nil
		}
		if n > r.literals {
			return "", fmt.Errorf("imap: plaintext literal of %d bytes: %w", n, transport.ErrTooLarge)
		}
		r.literals -= n
		if _, err = io.CopyN(io.Discard, r.r, n); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		var more string
		more, err = r.rawLine()
		line += " " + more
	}
	return "", err
}

// literalAt reads the "{N}" or "{N+}" a line ends with.
func literalAt(line string) (int64, bool) {
	if !strings.HasSuffix(line, "}") {
		return 0, false
	}
	i := strings.LastIndexByte(line, '{')
	if i < 0 {
		return 0, false
	}
	var n int64
	digits := strings.TrimSuffix(line[i+1:len(line)-1], "+")
	if digits == "" || len(digits) > 12 {
		return 0, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func (r *exactReader) rawLine() (string, error) {
	var b strings.Builder
	for b.Len() < plainLineMax {
		if _, err := io.ReadFull(r.r, r.buf[:]); err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return "", err
		}
		if r.buf[0] == '\n' {
			return strings.TrimSuffix(b.String(), "\r"), nil
		}
		b.WriteByte(r.buf[0])
	}
	return "", fmt.Errorf("imap: plaintext line longer than %d bytes: %w", plainLineMax, transport.ErrTooLarge)
}
