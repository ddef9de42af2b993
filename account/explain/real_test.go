package explain_test

import (
	"strings"
	"testing"

	"wren/account/explain"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/smtp"
	"wren/transport/testserver"
)

// TestRealWrongPassword: a wrong password against the real Postfix,
// Dovecot IMAP and Dovecot POP3 is explained as a rejected login, never
// retried automatically, and the wrong password appears nowhere.
func TestRealWrongPassword(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	wrong := "not-" + u.Password
	ctx := t.Context()
	cases := []struct {
		code  transport.Code
		login func() error
	}{
		{transport.CodeSMTPAuthFailed, func() error {
			c, err := smtp.Dial(ctx, srv.SubmitTLS, srv.Options())
			if err != nil {
				return err
			}
			defer c.Close()
			return c.Login(ctx, u.Address, wrong)
		}},
		{transport.CodeIMAPAuthFailed, func() error {
			c, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
			if err != nil {
				return err
			}
			defer c.Close()
			return c.Login(ctx, u.Address, wrong)
		}},
		{transport.CodePOPAuthFailed, func() error {
			c, err := pop3.Dial(ctx, srv.POP3STARTTLS, srv.Options())
			if err != nil {
				return err
			}
			defer c.Close()
			return c.Login(ctx, u.Address, wrong)
		}},
	}
	for _, c := range cases {
		err := c.login()
		e := explain.Explain(err, explain.Context{Operation: explain.OpSetup})
		if e.Code != string(c.code) || e.Retry != explain.RetryNo || e.Message != explain.MessageNone {
			t.Errorf("%s: got %s retry %s message %s (%v)", c.code, e.Code, e.Retry, e.Message, err)
		}
		if !strings.Contains(e.Details.Server, "127.0.0.2") {
			t.Errorf("%s: server missing from details: %+v", c.code, e.Details)
		}
		if out := e.Text() + e.Details.String(); strings.Contains(out, wrong) {
			t.Errorf("%s: password in the explanation:\n%s", c.code, out)
		}
	}
}
