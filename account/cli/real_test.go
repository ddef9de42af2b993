package cli_test

import (
	"context"
	"strings"
	"testing"

	"wren/account"
	"wren/account/cli"
	"wren/account/profile"
	"wren/account/profile/profiletest"
	"wren/account/secret"
	"wren/transport/testserver"
)

// doctor finds the harness through SRV records served by the --dns server
// and logs in to both servers.
func TestDoctorRealServers(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	dns := harnessDNS(t, srv, srv.Domain, "mail."+srv.Domain)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &failingSecrets{t}}

	r := run(t, env, u.Password+"\n", "--profile", t.TempDir(), "doctor", u.Address, "--password-stdin", "--dns", dns.Addr, "--json")
	rep := decode(t, r)
	if r.code != 0 || !rep.OK {
		t.Fatalf("doctor exit %d, ok %v:\n%s\n%s", r.code, rep.OK, r.stdout, r.logs)
	}
	in, out := rep.Incoming, rep.Outgoing
	if in == nil || in.Protocol != "imap" || in.Host != "mail."+srv.Domain || in.Port != srv.IMAPTLS.Port || in.Security != "tls" || in.Source != "srv" || in.Username != u.Address {
		t.Errorf("incoming = %+v", in)
	}
	if out == nil || out.Protocol != "smtp" || out.Port != srv.SubmitTLS.Port || out.Security != "tls" || out.Source != "srv" {
		t.Errorf("outgoing = %+v", out)
	}
	logins := 0
	for _, c := range rep.Checks {
		if c.Step == "login" && c.OK {
			logins++
		}
	}
	if logins != 2 || len(rep.Errors) != 0 {
		t.Errorf("want 2 successful logins and no errors, got %+v", rep)
	}
	if strings.Contains(r.stdout+r.stderr+r.logs, u.Password) {
		t.Error("the password appears in the output or the logs")
	}

	// The same for people: no JSON, no Go error text.
	r = run(t, env, u.Password+"\n", "doctor", u.Address, "--password-stdin", "--dns", dns.Addr)
	if r.code != 0 || !strings.Contains(r.stdout, "The account works.") {
		t.Fatalf("text doctor exit %d:\n%s", r.code, r.stdout)
	}
}

func TestDoctorWrongPassword(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	dns := harnessDNS(t, srv, srv.Domain, "mail."+srv.Domain)
	r := run(t, cli.Env{RootCAs: srv.RootCAs}, "not-"+u.Password+"\n", "doctor", u.Address, "--password-stdin", "--dns", dns.Addr, "--json")
	rep := decode(t, r)
	if r.code != 1 || rep.OK {
		t.Fatalf("exit %d ok %v, want 1 and false", r.code, rep.OK)
	}
	if len(rep.Errors) == 0 || rep.Errors[0].Code != "IMAP-02" || rep.Errors[0].Retry != "no" || rep.Errors[0].Fix == "" {
		t.Fatalf("errors = %+v, want IMAP-02 explained first", rep.Errors)
	}
	failed := 0
	for _, c := range rep.Checks {
		if c.Step == "login" && !c.OK {
			failed++
		}
	}
	if failed != 2 {
		t.Errorf("%d failed logins, want 2 (full address, then local part)", failed)
	}
	r = run(t, cli.Env{RootCAs: srv.RootCAs}, "not-"+u.Password+"\n", "doctor", u.Address, "--password-stdin", "--dns", dns.Addr)
	if r.code != 1 || !strings.Contains(r.stdout, "IMAP-02") || strings.Contains(r.stdout, "wren/") {
		t.Fatalf("text output:\n%s", r.stdout)
	}
}

// Without the test CA the harness certificate is untrusted: doctor offers
// its fingerprint and sends no password; with --trust-cert it is pinned.
func TestDoctorTrustCertificate(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	dns := harnessDNS(t, srv, srv.Domain, "mail."+srv.Domain)
	r := run(t, cli.Env{}, u.Password+"\n", "doctor", u.Address, "--password-stdin", "--dns", dns.Addr, "--json")
	rep := decode(t, r)
	if r.code != 1 || rep.OK || len(rep.NeedsConfirmation) == 0 || rep.NeedsConfirmation[0].Fingerprint == "" {
		t.Fatalf("untrusted certificate: exit %d, %+v", r.code, rep)
	}
	for _, c := range rep.Checks {
		if c.Step == "login" && c.Code != "" && !strings.HasPrefix(c.Code, "TLS") && !strings.HasPrefix(c.Code, "WREN") {
			t.Errorf("a login was tried over an untrusted certificate: %+v", c)
		}
	}
	fp := rep.NeedsConfirmation[0].Fingerprint
	r = run(t, cli.Env{}, u.Password+"\n", "doctor", u.Address, "--password-stdin", "--dns", dns.Addr, "--json", "--trust-cert", fp)
	if rep = decode(t, r); r.code != 0 || !rep.OK {
		t.Fatalf("with --trust-cert: exit %d\n%s", r.code, r.stdout)
	}
}

// account add saves the account (never the password) and puts the
// password in the keyring; list and remove work on it.
func TestAccountAddRealServers(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	dns := harnessDNS(t, srv, srv.Domain, "mail."+srv.Domain)
	secrets, real := keyring(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: secrets}
	dir := t.TempDir()

	r := run(t, env, u.Password+"\n", "--profile", dir, "--dns", dns.Addr, "account", "add", u.Address, "--password-stdin", "--name", "Work", "--json")
	rep := decode(t, r)
	if r.code != 0 || !rep.OK || rep.Account != "Work" {
		t.Fatalf("account add: exit %d\n%s\n%s", r.code, r.stdout, r.logs)
	}
	p, err := profile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Get("Work")
	if err != nil {
		t.Fatal(err)
	}
	if a.DNS != dns.Addr || a.Incoming.Host != "mail."+srv.Domain || a.Outgoing.Port != srv.SubmitTLS.Port {
		t.Errorf("saved account %+v", a)
	}
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		got, err := secrets.Get(context.Background(), a.SecretKey(s))
		if err != nil || got != u.Password {
			t.Errorf("keyring (real %v) for %s: %v", real, s, err)
		}
	}
	profiletest.AssertNoSecret(t, dir, u.Password)
	if strings.Contains(r.stdout+r.stderr+r.logs, u.Password) {
		t.Error("the password appears in the output or the logs")
	}

	r = run(t, env, "", "--profile", dir, "account", "list", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"name": "Work"`) {
		t.Fatalf("account list:\n%s", r.stdout)
	}
	r = run(t, env, u.Password+"\n", "--profile", dir, "account", "add", u.Address, "--password-stdin", "--name", "work")
	if r.code != 1 || !strings.Contains(r.stderr, "already") {
		t.Errorf("a second account with the same name: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, env, "", "--profile", dir, "account", "remove", "Work")
	if r.code != 0 {
		t.Fatalf("remove: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := secrets.Get(context.Background(), a.SecretKey(a.Incoming)); err == nil {
		t.Error("the password stayed in the keyring after remove")
	}
	r = run(t, env, "", "--profile", dir, "account", "list")
	if !strings.Contains(r.stdout, "No accounts") {
		t.Errorf("list after remove:\n%s", r.stdout)
	}
}

// Typed servers need no discovery. A server outside the address's domain
// named by DNS needs confirmation first.
func TestAccountAddManualAndConfirm(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}

	in := "imap://" + srv.IMAPSTARTTLS.Address()
	out := "smtp://" + srv.SubmitSTARTTLS.Address()
	r := run(t, env, u.Password+"\n", "--profile", t.TempDir(), "account", "add", u.Address, "--password-stdin", "--incoming", in, "--outgoing", out, "--json")
	if rep := decode(t, r); r.code != 0 || rep.Incoming.Source != "manual" || rep.Incoming.Security != "starttls" {
		t.Fatalf("manual add: exit %d\n%s", r.code, r.stdout)
	}

	// other.test publishes the harness's host, which is outside other.test.
	dns := harnessDNS(t, srv, "other.test", "mail."+srv.Domain)
	args := []string{"--profile", t.TempDir(), "--dns", dns.Addr, "account", "add", u.Name + "@other.test", "--username", u.Address, "--password-stdin", "--json"}
	r = run(t, env, u.Password+"\n", args...)
	rep := decode(t, r)
	if r.code != 1 || rep.OK || len(rep.NeedsConfirmation) == 0 || rep.NeedsConfirmation[0].Host != "mail."+srv.Domain {
		t.Fatalf("unconfirmed outside host: exit %d\n%s", r.code, r.stdout)
	}
	for _, c := range rep.Checks {
		if c.Step == "login" && c.OK {
			t.Fatalf("a password went to an unconfirmed host: %+v", rep.Checks)
		}
	}
	r = run(t, env, u.Password+"\n", append(args, "--confirm", "mail."+srv.Domain)...)
	if rep = decode(t, r); r.code != 0 || !rep.OK {
		t.Fatalf("confirmed: exit %d\n%s", r.code, r.stdout)
	}
}

// failingSecrets fails the test when doctor touches the keyring: doctor
// saves nothing.
type failingSecrets struct{ t *testing.T }

func (f *failingSecrets) Get(context.Context, string) (string, error) {
	f.t.Error("doctor read the keyring")
	return "", account.ErrNoPassword
}
func (f *failingSecrets) Set(context.Context, string, string) error {
	f.t.Error("doctor wrote the keyring")
	return nil
}
func (f *failingSecrets) Delete(context.Context, string) error {
	f.t.Error("doctor deleted from the keyring")
	return nil
}
