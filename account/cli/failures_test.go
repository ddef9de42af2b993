package cli_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"wren/account"
	"wren/account/cli"
	"wren/account/profile"
	"wren/transport/testserver"
)

// brokenKeyring answers like a machine without a Secret Service.
type brokenKeyring struct{}

func (brokenKeyring) Get(context.Context, string) (string, error) {
	return "", fmt.Errorf("keyring get: %w", account.ErrKeyringUnavailable)
}
func (brokenKeyring) Set(context.Context, string, string) error {
	return fmt.Errorf("keyring set: %w", account.ErrKeyringUnavailable)
}
func (brokenKeyring) Delete(context.Context, string) error {
	return fmt.Errorf("keyring delete: %w", account.ErrKeyringUnavailable)
}

// Without a keyring the account is not saved (a saved account without its
// password would fail later), the user is told why, and no password is
// written anywhere instead.
func TestAccountAddWithoutKeyring(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	dir := t.TempDir()
	r := run(t, cli.Env{RootCAs: srv.RootCAs, Secrets: brokenKeyring{}}, u.Password+"\n", "--profile", dir, "account", "add", u.Address, "--password-stdin",
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address(), "--json")
	rep := decode(t, r)
	if r.code != 1 || rep.OK || len(rep.Errors) != 1 || rep.Errors[0].Code != "KEY-01" {
		t.Fatalf("exit %d, %+v", r.code, rep)
	}
	p, err := profile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(p.Accounts()); n != 0 {
		t.Fatalf("%d accounts saved without their password", n)
	}
}

// A plaintext server is refused unless asked for; --no-auth sets up an
// outgoing server without login.
func TestAccountAddPlaintextAndNoAuth(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: acceptingKeyring{}}
	r := run(t, env, u.Password+"\n", "--profile", t.TempDir(), "account", "add", u.Address, "--password-stdin",
		"--incoming", "imap://"+srv.IMAPSTARTTLS.Address()+"?security=plain", "--outgoing", "smtps://"+srv.SubmitTLS.Address())
	if r.code != 1 || !strings.Contains(r.stdout, "ACCT-07") {
		t.Fatalf("plaintext without consent: exit %d\n%s", r.code, r.stdout)
	}

	r = run(t, env, u.Password+"\n", "--profile", t.TempDir(), "account", "add", u.Address, "--password-stdin", "--no-auth",
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address(), "--json")
	rep := decode(t, r)
	if r.code != 0 || rep.Outgoing == nil || rep.Outgoing.Username != "" {
		t.Fatalf("--no-auth: exit %d\n%s", r.code, r.stdout)
	}
}

// acceptingKeyring is an in-memory store that accepts everything.
type acceptingKeyring struct{}

func (acceptingKeyring) Get(context.Context, string) (string, error) {
	return "", account.ErrNoPassword
}
func (acceptingKeyring) Set(context.Context, string, string) error { return nil }
func (acceptingKeyring) Delete(context.Context, string) error      { return nil }
