// Package smtp sends mail through a submission server with go-smtp, adding
// what a desktop client needs on top: required STARTTLS, credentials only
// over TLS, short timeouts bound to a context, a SIZE pre-check, per-recipient
// results, CRLF-only output and errors carrying their catalog code.
package smtp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"wren/transport"
)

// Client is one SMTP session. It is not safe for concurrent use.
type Client struct {
	c      *gosmtp.Client
	conn   net.Conn
	ep     transport.Endpoint
	opts   transport.Options
	tls    bool
	authed bool
}

// Dial connects to ep, reads the greeting, says EHLO and, for
// SecuritySTARTTLS, upgrades to TLS (required: a server that does not offer
// or refuses STARTTLS is an error, and nothing else is sent). For
// SecurityTLS the handshake happens before the greeting.
func Dial(ctx context.Context, ep transport.Endpoint, opts transport.Options) (*Client, error) {
	opts = opts.Norm()
	conn, err := transport.Dial(ctx, ep, opts)
	if err != nil {
		return nil, transport.WithProtocol(err, transport.ProtoSMTP, ep.Address())
	}
	cl := &Client{conn: conn, ep: ep, opts: opts, tls: ep.Security == transport.SecurityTLS}

	// The greeting and the pre-TLS exchange are bounded by a phase timer that
	// closes the connection: go-smtp applies its own 5-minute deadline there.
	phase, cancel := context.WithTimeout(ctx, opts.Timeouts.Greeting)
	defer cancel()
	stop := transport.Watch(phase, conn)
	err = cl.open(ep)
	stopped := stop()
	if err != nil {
		conn.Close()
		if !stopped && phase.Err() != nil {
			err = fmt.Errorf("%w: %w", os.ErrDeadlineExceeded, err)
		}
		step := transport.StepGreeting
		if ep.Security == transport.SecuritySTARTTLS && cl.c != nil {
			step = transport.StepSTARTTLS
		}
		return nil, cl.classify(err, step)
	}
	cl.c.CommandTimeout = opts.Timeouts.Command
	cl.c.SubmissionTimeout = opts.Timeouts.Transfer
	opts.Logger.Debug("smtp session open", "server", ep.Address(), "tls", cl.tls)
	return cl, nil
}

func (cl *Client) open(ep transport.Endpoint) error {
	switch ep.Security {
	case transport.SecuritySTARTTLS:
		c, err := gosmtp.NewClientStartTLS(cl.conn, cl.opts.TLSConfig(ep.Host))
		if err != nil {
			return starttlsError(err)
		}
		cl.c = c
		cl.setDebug()
		cl.tls = true
		// EHLO again over TLS: this also completes the handshake, so a
		// certificate problem is reported here and not at AUTH.
		return cl.c.Hello(cl.opts.LocalName)
	default:
		cl.c = gosmtp.NewClient(cl.conn)
		cl.setDebug()
		return cl.c.Hello(cl.opts.LocalName)
	}
}

func (cl *Client) setDebug() {
	if cl.opts.Debug != nil {
		cl.c.DebugWriter = cl.opts.Debug
	}
}

// errNoSTARTTLS is go-smtp's refusal when EHLO lacks STARTTLS; it has no
// type, so it is recognised here once and turned into a typed error.
const errNoSTARTTLSText = "smtp: server doesn't support STARTTLS"

type starttlsRefused struct{ err error }

func (e *starttlsRefused) Error() string { return "starttls: " + e.err.Error() }
func (e *starttlsRefused) Unwrap() error { return e.err }

func starttlsError(err error) error {
	var se *gosmtp.SMTPError
	if err.Error() == errNoSTARTTLSText || errors.As(err, &se) {
		return &starttlsRefused{err}
	}
	return err
}

// TLS reports whether the session is encrypted.
func (cl *Client) TLS() bool { return cl.tls }

// MaxSize is the server's SIZE limit, 0 if it announced none.
func (cl *Client) MaxSize() int64 {
	n, ok := cl.c.MaxMessageSize()
	if !ok {
		return 0
	}
	return int64(n)
}

// Extension reports an EHLO extension and its parameter.
func (cl *Client) Extension(name string) (bool, string) { return cl.c.Extension(name) }

// Quit ends the session politely and closes the connection.
func (cl *Client) Quit(ctx context.Context) error {
	stop := transport.Watch(ctx, cl.conn)
	defer stop()
	err := cl.c.Quit()
	cl.conn.Close()
	if err != nil {
		return cl.classify(err, transport.StepCommand)
	}
	return nil
}

// Close drops the connection without QUIT.
func (cl *Client) Close() error { return cl.c.Close() }

// with runs f with ctx bound to the connection: cancelling ctx (or its
// deadline passing) closes the connection so f returns. It reports whether
// the context ended the call.
func (cl *Client) with(ctx context.Context, f func() error) error {
	stop := transport.Watch(ctx, cl.conn)
	err := f()
	if !stop() && err != nil && ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("%w: %w", os.ErrDeadlineExceeded, err)
		}
		return fmt.Errorf("%w: %w", ctx.Err(), err)
	}
	return err
}

// transferContext bounds a send that has no deadline of its own.
func transferContext(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}
