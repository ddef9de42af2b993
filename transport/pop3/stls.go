package pop3

import (
	"bufio"
	"context"
	"errors"
	"fmt"

	"wren/transport"
)

// The plaintext part of a SecuritySTARTTLS session reads through an
// exactReader, one octet at a time, so nothing after the "+OK" to STLS is
// consumed. Whatever a man in the middle appends there stays in the socket
// and goes into the TLS handshake, which fails; it is never parsed as POP3
// (security.md §1.3, buffering class B). Plaintext capabilities only decide
// whether STLS may be sent and are then forgotten, and plaintext -ERR texts
// are never reported as the server's words.

// startTLS reads the greeting, upgrades with STLS and reads the
// capabilities again over TLS. On failure the caller closes the connection.
func (c *Client) startTLS(ctx context.Context) error {
	c.r = bufio.NewReaderSize(exactReader{c.conn}, 512)
	if err := c.greeting(ctx); err != nil {
		return hidePlaintext(err, ErrGreetingRefused)
	}
	caps, err := c.capa(ctx, transport.StepSTARTTLS)
	if err != nil {
		return err
	}
	if !caps.STLS() {
		return c.newError(transport.CodeNoSTARTTLS, transport.StepSTARTTLS, ErrSTLSUnavailable)
	}
	if _, err := c.simple(ctx, transport.StepSTARTTLS, "STLS", "STLS"); err != nil {
		return hidePlaintext(err, ErrSTLSRefused)
	}
	if c.r.Buffered() != 0 {
		// Unreachable with exactReader; kept so a future change of the
		// reader cannot silently trust injected bytes.
		return c.newError(transport.CodeNoSTARTTLS, transport.StepSTARTTLS, transport.ErrUntrustedData)
	}
	raw := c.conn
	tc, err := transport.Handshake(ctx, raw, c.ep, c.opts)
	if err != nil {
		return c.handshakeError(err)
	}
	c.conn, c.tls = tc, true
	c.r = bufio.NewReaderSize(tc, readBufSize)
	caps, err = c.capa(ctx, transport.StepCommand)
	if err != nil {
		return err
	}
	c.caps = caps
	return nil
}

// hidePlaintext turns a -ERR received before TLS into a TLS-10 error (or
// a plain refusal for the greeting) without the server's text: it was not
// encrypted and may come from an attacker.
func hidePlaintext(err error, why error) error {
	te, ok := transport.As(err)
	var re *ReplyError
	if !ok || !errors.As(err, &re) {
		return err
	}
	code := transport.CodeNoSTARTTLS
	if errors.Is(why, ErrGreetingRefused) {
		code = transport.CodePOPFailed
	}
	info, _ := transport.Lookup(code)
	return &transport.Error{Code: code, Protocol: te.Protocol, Server: te.Server, Step: te.Step,
		ServerCode: "-ERR", Retry: info.Retry, Err: why}
}

// handshakeError reports a failed handshake after STLS. A first record
// that is not TLS means plaintext followed the "+OK": injected data or a
// server that does not really start TLS, so STARTTLS is not available.
func (c *Client) handshakeError(err error) error {
	err = transport.WithProtocol(err, transport.ProtoPOP3, c.ep.Address())
	te, ok := transport.As(err)
	if ok && te.Code == transport.CodeTLSToPlainPort {
		info, _ := transport.Lookup(transport.CodeNoSTARTTLS)
		te.Code, te.Retry = transport.CodeNoSTARTTLS, info.Retry
		te.Err = fmt.Errorf("%w: %w", transport.ErrUntrustedData, te.Err)
	}
	return err
}
