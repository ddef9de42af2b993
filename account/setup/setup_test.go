package setup

import (
	"context"
	"errors"
	"net"
	"testing"

	"wren/account"
	"wren/account/discover"
	"wren/account/verify"
	"wren/transport"
)

func TestNormFingerprint(t *testing.T) {
	for _, in := range []string{"AB:CD:EF", "sha256:abcdef", " abcdef\n", "SHA256:AB:cd:EF"} {
		if got := normFingerprint(in); got != "abcdef" {
			t.Errorf("normFingerprint(%q) = %q", in, got)
		}
	}
}

func TestManualUsernames(t *testing.T) {
	a, err := discover.ParseAddress("Jane.Doe@Example.com")
	if err != nil {
		t.Fatal(err)
	}
	c := manual(account.Server{Protocol: account.IMAP, Host: "h", Port: 993, Security: transport.SecurityTLS}, a)
	if len(c.Usernames) != 2 || c.Usernames[0] != "Jane.Doe@example.com" || c.Usernames[1] != "Jane.Doe" || c.Server.Source != account.SourceManual || c.Server.Auth != account.AuthPassword {
		t.Errorf("no username given: %+v", c)
	}
	c = manual(account.Server{Protocol: account.IMAP, Host: "h", Port: 993, Username: "jd"}, a)
	if len(c.Usernames) != 1 || c.Usernames[0] != "jd" || c.Server.Username != "jd" {
		t.Errorf("username given: %+v", c)
	}
}

func TestConfirmedIgnoresCaseAndRootDot(t *testing.T) {
	if !confirmed([]string{"Mail.Example.com."}, "mail.example.com") || confirmed([]string{"example.com"}, "mail.example.com") {
		t.Error("confirmation must match the whole host name, ignoring case and a trailing dot")
	}
}

// A typed plaintext server is refused before anything is dialled unless
// the user allowed plaintext; the refusal explains as ErrPlaintext.
func TestPlaintextRefusedWithoutConsent(t *testing.T) {
	in := account.Server{Protocol: account.IMAP, Host: "127.0.0.1", Port: 1, Security: transport.SecurityPlain}
	out := account.Server{Protocol: account.SMTP, Host: "127.0.0.1", Port: 1, Security: transport.SecurityTLS}
	dialled := false
	env := Env{Dial: func(context.Context, string, string) (net.Conn, error) {
		dialled = true
		return nil, errors.New("no network in this test")
	}}
	rep := Run(t.Context(), env, Request{Address: "me@example.com", Password: "pw", Incoming: &in, Outgoing: &out}, nil)
	if rep.OK || len(rep.Errors) != 1 || !errors.Is(rep.Errors[0], account.ErrPlaintext) {
		t.Fatalf("report %+v, want one ErrPlaintext", rep)
	}
	if dialled {
		t.Error("a plaintext server was contacted without consent")
	}
}

func TestReportAccount(t *testing.T) {
	r := &Report{
		Address:  "me@example.com",
		Incoming: &Choice{Server: account.Server{Protocol: account.POP3, Host: "pop.example.com", Port: 995, Username: "me@example.com"}},
		Outgoing: &Choice{Server: account.Server{Protocol: account.SMTP, Host: "smtp.example.com", Port: 465, Username: "me@example.com"}},
		Verify:   &verify.Result{IncomingUsername: "me", OutgoingUsername: "me", OK: true},
		OK:       true,
	}
	a := r.Account("", "127.0.0.1:53")
	if a.Name != "me@example.com" || a.Incoming.Username != "me" || a.Outgoing.Username != "me" || a.DNS != "127.0.0.1:53" {
		t.Errorf("account %+v", a)
	}
	if !a.POP3.LeaveOnServer {
		t.Error("a POP3 account must leave mail on the server by default")
	}
	if len(a.Identities) != 1 || a.Identities[0].Address != "me@example.com" {
		t.Errorf("identities %+v", a.Identities)
	}
}
