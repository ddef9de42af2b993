package smtp

import (
	"context"
	"errors"
	"strings"

	"github.com/emersion/go-sasl"

	"wren/transport"
)

// ErrPlaintextAuth is returned instead of sending a password over a
// connection that is not encrypted.
var ErrPlaintextAuth = errors.New("refusing to send credentials without TLS")

// errNoAuth and errNoMechanism describe a server that offers no usable
// password login (SMTP-03, SMTP-04).
var (
	errNoAuth      = errors.New("server does not offer AUTH")
	errNoMechanism = errors.New("server offers no password mechanism (PLAIN or LOGIN)")
)

// Login authenticates with AUTH PLAIN, or LOGIN when PLAIN is not offered.
// It never sends credentials unless the session is TLS-protected.
func (cl *Client) Login(ctx context.Context, username, password string) error {
	mechs, err := cl.authMechanisms()
	if err != nil {
		return err
	}
	var client sasl.Client
	switch {
	case hasMech(mechs, sasl.Plain):
		client = sasl.NewPlainClient("", username, password)
	case hasMech(mechs, sasl.Login):
		client = sasl.NewLoginClient(username, password)
	default:
		return &transport.Error{Code: transport.CodeSMTPAuthMechanism, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, ServerText: "AUTH " + mechs, Err: errNoMechanism}
	}
	if err := cl.with(ctx, func() error { return cl.c.Auth(client) }); err != nil {
		return cl.classify(err, transport.StepAuth)
	}
	cl.authed = true
	return nil
}

// authMechanisms is the server's AUTH list, once the session is
// encrypted: no credential of any kind is sent before.
func (cl *Client) authMechanisms() (string, error) {
	if !cl.tls {
		return "", &transport.Error{Code: transport.CodeSMTPEncryptionNeeded, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, Err: ErrPlaintextAuth}
	}
	ok, mechs := cl.c.Extension("AUTH")
	if !ok {
		return "", &transport.Error{Code: transport.CodeSMTPNoAuth, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, Err: errNoAuth}
	}
	return mechs, nil
}

func hasMech(list, mech string) bool {
	for _, m := range strings.Fields(list) {
		if strings.EqualFold(m, mech) {
			return true
		}
	}
	return false
}

// LoginOAuth authenticates with an OAuth2 access token: OAUTHBEARER when
// the server offers it, else XOAUTH2, else OAUTH-04 without sending the
// token. Like Login it never sends the token without TLS. A refused token
// is SMTP-14 (sign in again), not SMTP-05 (re-enter the password).
func (cl *Client) LoginOAuth(ctx context.Context, username, accessToken string) error {
	mechs, err := cl.authMechanisms()
	if err != nil {
		return err
	}
	tc := transport.TokenClientFor(func(m string) bool { return hasMech(mechs, m) }, username, accessToken, cl.ep)
	if tc == nil {
		return &transport.Error{Code: transport.CodeOAuthNotOffered, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, ServerText: "AUTH " + mechs, Err: transport.ErrNoTokenLogin}
	}
	if err := cl.with(ctx, func() error { return cl.c.Auth(tc) }); err != nil {
		return transport.TokenRefused(cl.classify(err, transport.StepAuth), transport.CodeSMTPAuthFailed, transport.CodeSMTPTokenRejected, tc)
	}
	cl.authed = true
	return nil
}
