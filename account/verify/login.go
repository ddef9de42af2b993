package verify

import (
	"context"
	"strings"

	"wren/account"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/smtp"
)

// attempt opens a fresh session to s and logs in once. It returns the
// untagged IMAP alerts seen meanwhile (sent over TLS, to be shown).
func attempt(ctx context.Context, s account.Server, opts transport.Options, username, password string) ([]string, error) {
	opts = serverOptions(s, opts)
	ep := s.Endpoint()
	ep.Username = username
	switch s.Protocol {
	case account.IMAP:
		return loginIMAP(ctx, ep, opts, username, password)
	case account.POP3:
		return nil, loginPOP3(ctx, ep, opts, username, password)
	default:
		return nil, loginSMTP(ctx, ep, opts, username, password)
	}
}

func loginIMAP(ctx context.Context, ep transport.Endpoint, opts transport.Options, username, password string) ([]string, error) {
	cl, err := imap.Dial(ctx, ep, opts)
	if err != nil {
		return nil, err
	}
	defer cl.Close()
	err = cl.Login(ctx, username, password)
	if err == nil {
		// Some servers take the password and then refuse the session
		// (Microsoft's "authenticated but not connected"): only opening
		// the Inbox shows it, read-only so nothing changes.
		if _, serr := cl.Select(ctx, "INBOX", true); sessionRefused(serr) {
			err = serr
		}
	}
	alerts := drainAlerts(cl.Alerts())
	if err == nil {
		_ = cl.Logout(ctx)
	}
	return alerts, err
}

// sessionRefused reports whether a command right after a login shows that
// the server will not serve this session at all; a missing or locked
// Inbox is not such a refusal.
func sessionRefused(err error) bool {
	switch transport.CodeOf(err) {
	case "", transport.CodeIMAPNonexistent, transport.CodeIMAPNoPerm, transport.CodeIMAPInUse, transport.CodeIMAPCannot, transport.CodeIMAPTryCreate:
		return false
	}
	return true
}

// drainAlerts takes the alerts already delivered, without waiting.
func drainAlerts(ch <-chan imap.Alert) []string {
	var out []string
	for {
		select {
		case a, ok := <-ch:
			if !ok {
				return out
			}
			out = append(out, a.Text)
		default:
			return out
		}
	}
}

func loginPOP3(ctx context.Context, ep transport.Endpoint, opts transport.Options, username, password string) error {
	c, err := pop3.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Login(ctx, username, password); err != nil {
		return err
	}
	// Nothing was marked deleted, so QUIT's update state changes nothing.
	_ = c.Quit(ctx)
	return nil
}

// loginSMTP says EHLO, logs in and quits: a verification never sends mail.
func loginSMTP(ctx context.Context, ep transport.Endpoint, opts transport.Options, username, password string) error {
	c, err := smtp.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer c.Close()
	if err := c.Login(ctx, username, password); err != nil {
		return err
	}
	_ = c.Quit(ctx)
	return nil
}

// hasAlertCode reports an IMAP [ALERT] on a reply ("NO ALERT").
func hasAlertCode(te *transport.Error) bool {
	for _, f := range strings.Fields(te.ServerCode) {
		if strings.EqualFold(f, "ALERT") {
			return true
		}
	}
	return false
}

// alertText is what the user must read from a login: an [ALERT] verbatim,
// or the server's reason when the failure is not about the credentials.
// Every such text arrived over TLS (no login happens without it).
func alertText(err error, untagged []string) string {
	parts := untagged
	if te, ok := transport.As(err); ok && te.Step == transport.StepAuth && te.ServerText != "" {
		if hasAlertCode(te) || !aboutIdentity(err) {
			parts = append([]string{te.ServerText}, parts...)
		}
	}
	return strings.Join(parts, "\n")
}
