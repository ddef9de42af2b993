package smtp

import (
	"context"
	"errors"
	"fmt"
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
	if !cl.tls {
		return &transport.Error{Code: transport.CodeSMTPEncryptionNeeded, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, Err: ErrPlaintextAuth}
	}
	ok, mechs := cl.c.Extension("AUTH")
	if !ok {
		return &transport.Error{Code: transport.CodeSMTPNoAuth, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, Err: errNoAuth}
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
	if !cl.tls {
		return &transport.Error{Code: transport.CodeSMTPEncryptionNeeded, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, Err: ErrPlaintextAuth}
	}
	ok, mechs := cl.c.Extension("AUTH")
	if !ok {
		return &transport.Error{Code: transport.CodeSMTPNoAuth, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, Err: errNoAuth}
	}
	var tc *transport.TokenClient
	switch transport.ChooseTokenMechanism(func(m string) bool { return hasMech(mechs, m) }) {
	case transport.MechOAuthBearer:
		tc = transport.NewOAuthBearerClient(username, accessToken, cl.ep.Host, cl.ep.Port)
	case transport.MechXOAuth2:
		tc = transport.NewXOAuth2Client(username, accessToken)
	default:
		return &transport.Error{Code: transport.CodeOAuthNotOffered, Protocol: transport.ProtoSMTP,
			Server: cl.ep.Address(), Step: transport.StepAuth, ServerText: "AUTH " + mechs, Err: transport.ErrNoTokenLogin}
	}
	if err := cl.with(ctx, func() error { return cl.c.Auth(tc) }); err != nil {
		err = cl.classify(err, transport.StepAuth)
		if te, ok := transport.As(err); ok && te.Code == transport.CodeSMTPAuthFailed {
			te.Code = transport.CodeSMTPTokenRejected
			if r := tc.Rejection(); r != nil {
				te.Err = fmt.Errorf("%w (%w)", te.Err, r)
			}
		}
		return err
	}
	cl.authed = true
	return nil
}
