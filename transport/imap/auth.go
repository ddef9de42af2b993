package imap

import (
	"context"
	"errors"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-sasl"

	"wren/transport"
)

// ErrPlaintextAuth is returned instead of sending a password over a
// connection that is not encrypted.
var ErrPlaintextAuth = errors.New("refusing to send credentials without TLS")

// ErrLoginDisabled is returned when the server advertises LOGINDISABLED
// and offers no AUTHENTICATE PLAIN: LOGIN is never sent then (RFC 9051
// §6.2.3).
var ErrLoginDisabled = errors.New("server disables LOGIN and offers no PLAIN authentication")

// Login authenticates with AUTHENTICATE PLAIN when the server offers it,
// else with LOGIN. It never sends credentials without TLS and never sends
// LOGIN when LOGINDISABLED is advertised (both IMAP-11).
func (cl *Client) Login(ctx context.Context, username, password string) error {
	if !cl.secure {
		return cl.privacyError(ErrPlaintextAuth)
	}
	var disabled bool
	err := cl.do(ctx, transport.StepAuth, cl.opts.Timeouts.Command, func() error {
		caps := cl.c.Caps()
		if caps == nil {
			return errNoCaps
		}
		switch {
		case caps.Has(goimap.AuthCap(sasl.Plain)):
			return cl.c.Authenticate(sasl.NewPlainClient("", username, password))
		case caps.Has(goimap.CapLoginDisabled):
			disabled = true
			return nil
		}
		return cl.c.Login(username, password).Wait()
	})
	if disabled {
		return cl.privacyError(ErrLoginDisabled)
	}
	if err == nil {
		cl.opts.Logger.Debug("imap logged in", "server", cl.ep.Address())
	}
	return err
}

func (cl *Client) privacyError(err error) error {
	return &transport.Error{Code: transport.CodeIMAPPrivacyRequired, Protocol: transport.ProtoIMAP,
		Server: cl.ep.Address(), Step: transport.StepAuth, Retry: transport.RetryNo, Err: err}
}

// LoginOAuth authenticates with an OAuth2 access token: OAUTHBEARER when
// the server offers it, else XOAUTH2, else OAUTH-04 without sending the
// token. Like Login it never sends the token without TLS (IMAP-11). A
// refused token is IMAP-28, not IMAP-02: the fix is signing in again,
// not another password.
func (cl *Client) LoginOAuth(ctx context.Context, username, accessToken string) error {
	if !cl.secure {
		return cl.privacyError(ErrPlaintextAuth)
	}
	var tc *transport.TokenClient
	err := cl.do(ctx, transport.StepAuth, cl.opts.Timeouts.Command, func() error {
		caps := cl.c.Caps()
		if caps == nil {
			return errNoCaps
		}
		if tc = transport.TokenClientFor(func(m string) bool { return caps.Has(goimap.AuthCap(m)) }, username, accessToken, cl.ep); tc == nil {
			return nil
		}
		return cl.c.Authenticate(tc)
	})
	if err == nil && tc == nil {
		return &transport.Error{Code: transport.CodeOAuthNotOffered, Protocol: transport.ProtoIMAP,
			Server: cl.ep.Address(), Step: transport.StepAuth, Err: transport.ErrNoTokenLogin}
	}
	if err != nil {
		return transport.TokenRefused(err, transport.CodeIMAPAuthFailed, transport.CodeIMAPTokenRejected, tc)
	}
	cl.opts.Logger.Debug("imap logged in with a token", "server", cl.ep.Address())
	return nil
}
