package pop3

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"wren/transport"
)

// One command round trip: deadlines from the options and ctx, the
// connection closed when ctx ends, and every failure other than a -ERR
// reply treated as fatal to the session (the reply stream can no longer be
// trusted to be in step).

// softError is a failure after which the session is still in step: a -ERR
// reply, or a malformed listing read to its end.
type softError struct{ err error }

func (e *softError) Error() string { return e.err.Error() }
func (e *softError) Unwrap() error { return e.err }

// errSessionBroken is returned by every call after a fatal failure.
var errSessionBroken = fmt.Errorf("pop3: session ended by an earlier failure: %w", net.ErrClosed)

// round runs fn, which talks to the server, under the timeout d and ctx.
func (c *Client) round(ctx context.Context, step transport.Step, d time.Duration, fn func() error) error {
	if c.broken != nil {
		return transport.Classify(fmt.Errorf("%w (%v)", errSessionBroken, c.broken), transport.ProtoPOP3, c.ep.Address(), step)
	}
	if c.body != nil {
		if err := c.body.Close(); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return transport.Classify(err, transport.ProtoPOP3, c.ep.Address(), step)
	}
	c.conn.SetDeadline(transport.Deadline(ctx, d))
	stop := transport.Watch(ctx, c.conn)
	err := fn()
	fired := !stop()
	if err == nil {
		c.conn.SetDeadline(time.Time{})
		return nil
	}
	return c.failure(ctx, fired, err, step)
}

// failure classifies err; anything but a soft error ends the session.
func (c *Client) failure(ctx context.Context, fired bool, err error, step transport.Step) error {
	var soft *softError
	if errors.As(err, &soft) && !fired {
		c.conn.SetDeadline(time.Time{})
		var re *ReplyError
		if errors.As(err, &re) {
			return c.replyError(re, step)
		}
		var se *saslError
		if errors.As(err, &se) {
			return c.newError(transport.CodePOPFailed, step, se)
		}
		return transport.Classify(soft.err, transport.ProtoPOP3, c.ep.Address(), step)
	}
	if fired {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			err = fmt.Errorf("%w: %w", os.ErrDeadlineExceeded, err)
		} else {
			err = fmt.Errorf("%w: %w", ctx.Err(), err)
		}
	}
	out := transport.Classify(err, transport.ProtoPOP3, c.ep.Address(), step)
	c.kill(out)
	return out
}

// kill closes the connection after a fatal failure and remembers why.
func (c *Client) kill(why error) {
	if c.broken == nil {
		c.broken = why
	}
	c.conn.Close()
}

// send writes one command line. secret hides the arguments in the debug
// transcript (PASS, AUTH).
func (c *Client) send(line string, secret bool) error {
	if c.opts.Debug != nil {
		shown := line
		if secret {
			verb, _, _ := strings.Cut(line, " ")
			shown = verb + " <redacted>"
		}
		fmt.Fprintf(c.opts.Debug, "C: %s\n", shown)
	}
	_, err := io.WriteString(c.conn, line+"\r\n")
	return err
}

// reply reads a status line; a -ERR becomes a soft *ReplyError for verb.
// A SASL continuation is accepted only when cont is set.
func (c *Client) reply(verb string, cont bool) (status, error) {
	st, err := readStatus(c.r, c.limits.MaxResponseLine)
	if err != nil {
		return status{}, err
	}
	if c.opts.Debug != nil {
		fmt.Fprintf(c.opts.Debug, "S: %s\n", debugStatus(st))
	}
	switch st.kind {
	case statusErr:
		return st, &softError{&ReplyError{Command: verb, Code: st.code, Text: st.text}}
	case statusCont:
		if !cont {
			return st, errNotPOP3
		}
	}
	return st, nil
}

func debugStatus(st status) string {
	switch st.kind {
	case statusOK:
		return "+OK " + st.text
	case statusErr:
		return "-ERR " + st.text
	}
	return "+ <challenge>"
}

// simple sends line and expects +OK.
func (c *Client) simple(ctx context.Context, step transport.Step, verb, line string) (status, error) {
	var st status
	err := c.round(ctx, step, c.opts.Timeouts.Command, func() error {
		if err := c.send(line, false); err != nil {
			return err
		}
		var err error
		st, err = c.reply(verb, false)
		return err
	})
	return st, err
}

// exactReader hands out one octet per Read, so a bufio.Reader on top of it
// never holds bytes past the line it was asked for. Used before STLS only.
type exactReader struct{ conn net.Conn }

func (r exactReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	return r.conn.Read(p[:1])
}
