package transport

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"time"
)

// Dial opens a TCP connection to ep, trying the host's addresses with Happy
// Eyeballs (RFC 8305, as net.Dialer does for dual-stack names), and for
// SecurityTLS completes the TLS handshake before returning. The context
// bounds the whole call; cancelling it later does not close the connection.
func Dial(ctx context.Context, ep Endpoint, o Options) (net.Conn, error) {
	o = o.Norm()
	if err := ep.Validate(); err != nil {
		return nil, &Error{Code: CodeBadSettings, Server: ep.Address(), Step: StepConnect, Err: err}
	}
	dial := o.DialContext
	if dial == nil {
		d := &net.Dialer{
			FallbackDelay: 300 * time.Millisecond,
			KeepAlive:     30 * time.Second,
		}
		dial = d.DialContext
	}
	if ep.Security == SecurityTLS && (o.DialContext == nil || o.Resolver != nil) && net.ParseIP(ep.Host) == nil {
		return dialTLSRace(ctx, ep, o, dial)
	}
	cctx, cancel := context.WithTimeout(ctx, o.Timeouts.Connect)
	defer cancel()
	conn, err := dial(cctx, "tcp", ep.Address())
	if err != nil {
		return nil, Classify(err, "", ep.Address(), StepConnect)
	}
	o.Logger.Debug("connected", "server", ep.Address(), "security", ep.Security.String())
	if ep.Security != SecurityTLS {
		return conn, nil
	}
	tc, err := Handshake(ctx, conn, ep, o)
	if err != nil {
		return nil, err
	}
	return tc, nil
}

// Handshake runs a verified TLS client handshake over conn, bounded by the
// TLS timeout and ctx. On failure conn is closed.
func Handshake(ctx context.Context, conn net.Conn, ep Endpoint, o Options) (*tls.Conn, error) {
	o = o.Norm()
	ctx, cancel := context.WithTimeout(ctx, o.Timeouts.TLS)
	defer cancel()
	tc := tls.Client(conn, o.TLSConfig(ep.Host))
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, Classify(fmt.Errorf("tls handshake: %w", err), "", ep.Address(), StepTLS)
	}
	return tc, nil
}

// Watch closes conn when ctx is done, so that blocking library calls that
// take no context return. Call the returned stop when the call is over.
func Watch(ctx context.Context, conn net.Conn) (stop func() bool) {
	return context.AfterFunc(ctx, func() { conn.Close() })
}

// Deadline returns the earlier of now+d and ctx's deadline.
func Deadline(ctx context.Context, d time.Duration) time.Time {
	t := time.Now().Add(d)
	if cd, ok := ctx.Deadline(); ok && cd.Before(t) {
		return cd
	}
	return t
}
