// Package imap reads mail from an IMAP server with go-imap v2's imapclient,
// adding what a desktop client needs on top: STARTTLS done by Wren itself
// (required, injection-proof, no pre-TLS data used), credentials only over
// TLS and never against LOGINDISABLED, bounded memory for any server
// response, every call bound to a context and a timeout, ALERT and BYE texts
// delivered to the caller, and errors carrying their catalog code.
//
// go-imap's command futures are hidden: every method blocks until its
// command is done. Methods may be called from several goroutines; they run
// one at a time. Idle occupies the client until its context ends.
package imap

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"os"
	"sync/atomic"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message/charset"

	"wren/transport"
)

// Client is one IMAP session.
type Client struct {
	c      *imapclient.Client
	raw    net.Conn // the TCP connection, closed to abort a call
	g      *guard
	ep     transport.Endpoint
	opts   transport.Options
	lim    Limits
	secure bool
	sem    chan struct{}

	updates  chan Update
	overflow atomic.Bool
	kick     chan struct{}
	selected atomic.Pointer[Mailbox]
	// dropped: an APPEND was cut short and the session closed.
	dropped atomic.Bool
}

// Dial connects to ep and returns a session ready for Login.
//
// SecurityTLS handshakes first. SecuritySTARTTLS reads the plaintext
// greeting, upgrades with STARTTLS (required: refusal, a PREAUTH greeting or
// anything odd is an error and nothing else is sent) and then starts the
// IMAP session afresh over TLS, re-reading capabilities. SecurityPlain
// works only when the user chose it, and Login refuses to send a password
// over it. Limits are DefaultLimits; see DialLimits.
func Dial(ctx context.Context, ep transport.Endpoint, opts transport.Options) (*Client, error) {
	return DialLimits(ctx, ep, opts, Limits{})
}

// DialLimits is Dial with other size limits.
func DialLimits(ctx context.Context, ep transport.Endpoint, opts transport.Options, lim Limits) (*Client, error) {
	opts = opts.Norm()
	server := ep.Address()
	conn, err := transport.Dial(ctx, ep, opts)
	if err != nil {
		return nil, transport.WithProtocol(err, transport.ProtoIMAP, server)
	}
	var prefix []byte
	if ep.Security == transport.SecuritySTARTTLS {
		tc, err := startTLS(ctx, conn, ep, opts)
		if err != nil {
			return nil, err
		}
		conn, prefix = tc, []byte(syntheticGreeting)
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	secure := ep.Security != transport.SecurityPlain
	cl := &Client{
		raw:     raw,
		g:       newGuard(lim.norm(), secure),
		ep:      ep,
		opts:    opts,
		lim:     lim.norm(),
		secure:  secure,
		sem:     make(chan struct{}, 1),
		updates: make(chan Update, 256),
		kick:    make(chan struct{}, 1),
	}
	cl.c = imapclient.New(&guardConn{Conn: conn, g: cl.g, prefix: prefix}, &imapclient.Options{
		DebugWriter:           opts.Debug,
		UnilateralDataHandler: cl.unilateral(),
		WordDecoder:           &mime.WordDecoder{CharsetReader: charset.Reader},
	})
	go func() {
		<-cl.c.Closed()
		cl.g.closeAlerts()
	}()

	// Greeting and capabilities, within the greeting timeout: a server that
	// goes silent after the handshake fails here, not at Login.
	err = cl.run(ctx, opts.Timeouts.Greeting, func() error {
		if err := cl.c.WaitGreeting(); err != nil {
			return err
		}
		if cl.c.Caps() == nil {
			return errNoCaps
		}
		return nil
	})
	if err != nil {
		cl.c.Close()
		return nil, cl.classify(err, transport.StepGreeting)
	}
	opts.Logger.Debug("imap session open", "server", server, "security", ep.Security.String())
	return cl, nil
}

var errNoCaps = errors.New("imap: server sent no capabilities")

// Secure reports whether the session is TLS-protected.
func (cl *Client) Secure() bool { return cl.secure }

// Alerts delivers the [ALERT] texts of untagged responses received over
// TLS, which RFC 9051 says must be shown to the user. The channel is
// buffered; alerts nobody receives in time are dropped. It is closed when
// the connection ends. Tagged alerts (a failed LOGIN's reason) come with the
// command's error instead. Nothing is captured on a SecurityPlain session.
func (cl *Client) Alerts() <-chan Alert { return cl.g.alerts }

// Caps returns the server's capabilities (learned over TLS).
func (cl *Client) Caps(ctx context.Context) (goimap.CapSet, error) {
	var caps goimap.CapSet
	err := cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		caps = cl.c.Caps()
		if caps == nil {
			return errNoCaps
		}
		return nil
	})
	return caps, err
}

// Noop asks the server for news; updates go to the next Idle's callback.
func (cl *Client) Noop(ctx context.Context) error {
	return cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		return cl.c.Noop().Wait()
	})
}

// Logout ends the session politely and closes the connection.
func (cl *Client) Logout(ctx context.Context) error {
	err := cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		return cl.c.Logout().Wait()
	})
	cl.Close()
	return err
}

// Close drops the connection at once.
func (cl *Client) Close() error {
	cl.c.Close() // its error repeats what the last call already reported
	return nil
}

// do runs f as one operation: alone on the client and bounded by d (or
// ctx's earlier deadline). The result is classified for step.
func (cl *Client) do(ctx context.Context, step transport.Step, d time.Duration, f func() error) error {
	select {
	case cl.sem <- struct{}{}:
	case <-ctx.Done():
		return cl.classify(ctxError(ctx, nil), step)
	}
	defer func() { <-cl.sem }()
	if err := cl.run(ctx, d, f); err != nil {
		return cl.classify(err, step)
	}
	return nil
}

// run calls f with the connection bound to ctx and d: when either ends,
// the connection is closed so that f returns (go-imap takes no context).
// The session is over after that.
func (cl *Client) run(ctx context.Context, d time.Duration, f func() error) error {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	stop := transport.Watch(ctx, cl.raw)
	err := f()
	if !stop() && err != nil {
		return ctxError(ctx, err)
	}
	return err
}

// ctxError says why ctx ended, wrapping err: a deadline classifies as a
// timeout, a cancellation as a closed connection.
func ctxError(ctx context.Context, err error) error {
	if err == nil {
		err = errors.New("imap: not started")
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%w: %w", os.ErrDeadlineExceeded, err)
	}
	return fmt.Errorf("%w: %w", ctx.Err(), err)
}

// transferTimeout bounds one large transfer.
func (cl *Client) transferTimeout() time.Duration { return cl.opts.Timeouts.Transfer }

// caps returns the capabilities inside an operation.
func (cl *Client) caps() goimap.CapSet {
	caps := cl.c.Caps()
	if caps == nil {
		return goimap.CapSet{}
	}
	return caps
}

var _ io.Closer = (*Client)(nil)
