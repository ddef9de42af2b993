package verify

import (
	"context"
	"slices"
	"testing"

	"wren/account"
	"wren/transport"
	"wren/transport/testserver"
)

func realServer(p account.Protocol, ep transport.Endpoint) account.Server {
	return account.Server{Protocol: p, Host: ep.Host, Port: ep.Port, Security: ep.Security,
		Auth: account.AuthPassword, Source: account.SourceManual}
}

func TestRealProbe(t *testing.T) {
	srv := testserver.Require(t)
	for name, s := range map[string]account.Server{
		"imap-tls":      realServer(account.IMAP, srv.IMAPTLS),
		"imap-starttls": realServer(account.IMAP, srv.IMAPSTARTTLS),
		"pop3-tls":      realServer(account.POP3, srv.POP3TLS),
		"pop3-starttls": realServer(account.POP3, srv.POP3STARTTLS),
		"smtp-465":      realServer(account.SMTP, srv.SubmitTLS),
		"smtp-587":      realServer(account.SMTP, srv.SubmitSTARTTLS),
	} {
		t.Run(name, func(t *testing.T) {
			res, err := Probe(context.Background(), s, srv.Options())
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != OutcomeOK || !res.TLS || !slices.Contains(res.AuthMechs, "PLAIN") {
				t.Errorf("outcome %s tls %v auth %v caps %v", res.Outcome, res.TLS, res.AuthMechs, res.Caps)
			}
			if s.Protocol == account.IMAP && (res.LoginDisabled || !slices.Contains(res.Caps, "IMAP4rev1")) {
				t.Errorf("caps %v", res.Caps)
			}
		})
	}
}

func TestRealVerify(t *testing.T) {
	srv := testserver.Require(t)
	cases := []struct {
		name    string
		in, out account.Server
		stated  bool
	}{
		{"imap-tls+465", realServer(account.IMAP, srv.IMAPTLS), realServer(account.SMTP, srv.SubmitTLS), true},
		{"imap-starttls+587", realServer(account.IMAP, srv.IMAPSTARTTLS), realServer(account.SMTP, srv.SubmitSTARTTLS), false},
		{"pop3-tls+465", realServer(account.POP3, srv.POP3TLS), realServer(account.SMTP, srv.SubmitTLS), false},
		{"pop3-starttls+587", realServer(account.POP3, srv.POP3STARTTLS), realServer(account.SMTP, srv.SubmitSTARTTLS), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := srv.NewUser(t)
			req := Request{
				Incoming:       Side{Server: tc.in, Usernames: []string{u.Address, u.Name}},
				Outgoing:       Side{Server: tc.out, Usernames: []string{u.Address, u.Name}},
				UsernameStated: tc.stated,
				Password:       u.Password,
				Options:        srv.Options(),
			}
			res, err := Verify(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if !res.OK || res.IncomingUsername != u.Address || res.OutgoingUsername != u.Address {
				t.Fatalf("failure %+v", res.Failure())
			}
			if logins(res.Incoming) != 1 || logins(res.Outgoing) != 1 {
				t.Errorf("attempts: %d incoming, %d outgoing", logins(res.Incoming), logins(res.Outgoing))
			}
		})
	}
}

func TestRealWrongPassword(t *testing.T) {
	srv := testserver.Require(t)
	cases := []struct {
		in   account.Server
		code transport.Code
	}{
		{realServer(account.IMAP, srv.IMAPTLS), transport.CodeIMAPAuthFailed},
		{realServer(account.POP3, srv.POP3STARTTLS), transport.CodePOPAuthFailed},
	}
	for _, tc := range cases {
		t.Run(string(tc.in.Protocol), func(t *testing.T) {
			u := srv.NewUser(t)
			req := Request{
				Incoming:       Side{Server: tc.in, Usernames: []string{u.Address, u.Name}},
				Outgoing:       Side{Server: realServer(account.SMTP, srv.SubmitSTARTTLS), Usernames: []string{u.Address, u.Name}},
				UsernameStated: true,
				Password:       u.Password + "-wrong",
				Options:        srv.Options(),
			}
			res, err := Verify(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if res.OK || logins(res.Incoming) != 2 {
				t.Fatalf("ok %v, %d incoming attempts", res.OK, logins(res.Incoming))
			}
			for _, c := range res.Incoming[1:] {
				if c.OK || transport.CodeOf(c.Err) != tc.code {
					t.Errorf("attempt %s: %v", c.Username, c.Err)
				}
			}
			// SMTP: one attempt, in parallel, never redone after IMAP failed.
			if logins(res.Outgoing) != 1 || transport.CodeOf(res.Outgoing[1].Err) != transport.CodeSMTPAuthFailed {
				t.Errorf("outgoing %+v", res.Outgoing)
			}
		})
	}
}
