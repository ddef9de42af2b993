package verify

import (
	"context"

	"wren/account"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/smtp"
)

// TokenLogin logs in to s once with an OAuth2 access token, as s.Username,
// and leaves: the check after a browser sign-in that the servers take
// the token. IMAP opens the Inbox read-only as Login's check does; POP3
// has no token login (OAUTH-04).
func TokenLogin(ctx context.Context, s account.Server, opts transport.Options, accessToken string) error {
	opts = serverOptions(s, opts)
	ep := s.Endpoint()
	switch s.Protocol {
	case account.IMAP:
		cl, err := imap.Dial(ctx, ep, opts)
		if err != nil {
			return err
		}
		defer cl.Close()
		if err := cl.LoginOAuth(ctx, s.Username, accessToken); err != nil {
			return err
		}
		if _, err := cl.Select(ctx, "INBOX", true); sessionRefused(err) {
			return err
		}
		_ = cl.Logout(ctx)
		return nil
	case account.SMTP:
		c, err := smtp.Dial(ctx, ep, opts)
		if err != nil {
			return err
		}
		defer c.Close()
		if err := c.LoginOAuth(ctx, s.Username, accessToken); err != nil {
			return err
		}
		_ = c.Quit(ctx)
		return nil
	}
	return &transport.Error{Code: transport.CodeOAuthNotOffered, Server: ep.Address(), Step: transport.StepAuth,
		Err: transport.ErrNoTokenLogin}
}
