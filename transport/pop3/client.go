// Package pop3 is Wren's POP3 client (RFC 1939, with CAPA and extended
// response codes from RFC 2449, STLS from RFC 2595 and AUTH from RFC 5034).
// No Go POP3 library fits, so the protocol is written here, with what a
// desktop client needs: required STLS that never trusts plaintext bytes,
// credentials only over TLS, every read bounded, a context and a timeout
// on every call, and errors carrying their catalog code.
package pop3

import (
	"bufio"
	"context"
	"errors"
	"net"

	"wren/transport"
)

// Client is one POP3 session. It is not safe for concurrent use.
type Client struct {
	conn   net.Conn
	r      *bufio.Reader
	ep     transport.Endpoint
	opts   transport.Options
	limits Limits
	caps   Caps
	tls    bool
	authed bool
	body   *body // the open RETR or TOP reader, if any
	broken error // why the session ended, once it has
}

// readBufSize is the reader buffer once the connection is trusted; it also
// bounds what the dot reader holds of a long line.
const readBufSize = 32 << 10

// Dial connects to ep and reads the greeting and capabilities. For
// SecurityTLS the handshake comes first. For SecuritySTARTTLS the upgrade
// is required: a server that does not announce STLS, or refuses it, gives a
// TLS-10 error and nothing else is sent; the capabilities are read again
// over TLS and the plaintext ones forgotten. SecurityPlain stays in clear
// (and Login will refuse to run).
func Dial(ctx context.Context, ep transport.Endpoint, opts transport.Options) (*Client, error) {
	opts = opts.Norm()
	conn, err := transport.Dial(ctx, ep, opts)
	if err != nil {
		return nil, transport.WithProtocol(err, transport.ProtoPOP3, ep.Address())
	}
	c := &Client{conn: conn, ep: ep, opts: opts, limits: DefaultLimits, tls: ep.Security == transport.SecurityTLS}
	if err := c.open(ctx); err != nil {
		c.conn.Close() // the TLS connection when STLS got that far
		conn.Close()
		return nil, err
	}
	opts.Logger.Debug("pop3 session open", "server", ep.Address(), "tls", c.tls, "capa", c.caps.Known)
	return c, nil
}

// open runs the session up to the authorization state.
func (c *Client) open(ctx context.Context) error {
	if c.ep.Security == transport.SecuritySTARTTLS {
		return c.startTLS(ctx)
	}
	c.r = bufio.NewReaderSize(c.conn, readBufSize)
	if err := c.greeting(ctx); err != nil {
		return err
	}
	caps, err := c.capa(ctx, transport.StepCommand)
	if err != nil {
		return err
	}
	c.caps = caps
	return nil
}

// greeting reads the server's first line within the greeting timeout.
func (c *Client) greeting(ctx context.Context) error {
	return c.round(ctx, transport.StepGreeting, c.opts.Timeouts.Greeting, func() error {
		_, err := c.reply("greeting", false)
		return err
	})
}

// capa asks for the capabilities. A -ERR means an RFC 1939-only server:
// the result is Caps{} and no error.
func (c *Client) capa(ctx context.Context, step transport.Step) (Caps, error) {
	var caps Caps
	err := c.round(ctx, step, c.opts.Timeouts.Command, func() error {
		if err := c.send("CAPA", false); err != nil {
			return err
		}
		if _, err := c.reply("CAPA", false); err != nil {
			return err
		}
		var lines [][]byte
		err := readListing(c.r, c.limits.MaxResponseLine, maxCapaLines, func(line []byte) error {
			lines = append(lines, append([]byte(nil), line...))
			return nil
		})
		if err != nil {
			return err
		}
		caps = parseCaps(lines)
		return nil
	})
	var re *ReplyError
	if errors.As(err, &re) {
		return Caps{}, nil
	}
	return caps, err
}

// SetLimits replaces the read bounds; zero fields take the defaults.
func (c *Client) SetLimits(l Limits) { c.limits = l.withDefaults() }

// Limits returns the read bounds in force.
func (c *Client) Limits() Limits { return c.limits }

// Caps returns the capabilities: those read over TLS, and again after
// login when the session has logged in.
func (c *Client) Caps() Caps { return c.caps.clone() }

// TLS reports whether the session is encrypted.
func (c *Client) TLS() bool { return c.tls }

// Quit ends the session: the server removes the messages marked with Dele
// (the UPDATE state, RFC 1939 §6) and the connection is closed. An error
// means the deletions may not have happened.
func (c *Client) Quit(ctx context.Context) error {
	_, err := c.simple(ctx, transport.StepCommand, "QUIT", "QUIT")
	c.Close()
	return err
}

// Close drops the connection without QUIT: deletions are not committed.
func (c *Client) Close() error {
	if c.broken == nil {
		c.broken = net.ErrClosed
	}
	return c.conn.Close()
}
