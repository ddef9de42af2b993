package cli

import (
	"context"
	"fmt"

	"wren/account"
	"wren/account/secret"
	"wren/account/setup"
)

// accountAdd discovers (or takes the typed servers), verifies, saves the
// account and puts the password in the keyring.
func (c *cmdContext) accountAdd(args []string) int {
	fs := newFlagSet("wren account add", c.io.Stderr)
	c.g.register(fs)
	var sf setupFlags
	sf.register(fs)
	name := fs.String("name", "", "the account's `NAME` (default: the address)")
	incoming := fs.String("incoming", "", "incoming server `URL` (imaps://HOST[:PORT], imap://, pop3s://, pop3://)")
	outgoing := fs.String("outgoing", "", "outgoing server `URL` (smtps://HOST[:PORT], smtp://)")
	username := fs.String("username", "", "login `NAME` for both servers (default: discovered)")
	noAuth := fs.Bool("no-auth", false, "the outgoing server needs no login")
	useOAuth := fs.Bool("oauth", false, "sign in in the browser instead of a password (providers that offer it)")
	noBrowser := fs.Bool("no-browser", false, "with --oauth: only print the sign-in address, open no browser")
	plaintext := fs.Bool("insecure-plaintext", false, "allow servers given with ?security=plain (passwords are still never sent unencrypted)")
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 {
		return c.usageError(err, "usage: wren account add ADDRESS [--password-stdin | --oauth [--no-browser]] [--name N] [--incoming URL] [--outgoing URL] [--username U] [--no-auth] [--insecure-plaintext] [--confirm HOST]... [--trust-cert SHA256]... [--json]")
	}
	req := setup.Request{
		Address: pos[0], Username: *username, NoAuth: *noAuth, AllowPlaintext: *plaintext,
		Confirm: sf.confirm, TrustCerts: sf.trustCert, OAuth: *useOAuth,
	}
	for _, u := range []struct {
		url  string
		dst  **account.Server
		want []account.Protocol
	}{{*incoming, &req.Incoming, []account.Protocol{account.IMAP, account.POP3}}, {*outgoing, &req.Outgoing, []account.Protocol{account.SMTP}}} {
		if u.url == "" {
			continue
		}
		s, err := account.ParseServerURL(u.url)
		if err == nil && !contains(u.want, s.Protocol) {
			err = fmt.Errorf("%s is not a server of the right kind here", u.url)
		}
		if err != nil {
			fmt.Fprintf(c.io.Stderr, "wren account add: %v\n", err)
			return 2
		}
		*u.dst = &s
	}
	p, err := c.openProfile()
	if err != nil {
		return c.fail(err, "")
	}
	acctName := *name
	if acctName == "" {
		acctName = pos[0]
	}
	if _, err := p.Get(acctName); err == nil {
		return c.fail(fmt.Errorf("%w: %s", account.ErrAccountExists, acctName), "")
	}
	if !*useOAuth {
		req.Password, err = readPassword(c.io.Stdin, c.io.Stderr, sf.passwordStdin, "Password for "+pos[0]+": ")
		if err != nil {
			return c.fail(err, "")
		}
	}

	rep := setup.Run(c.ctx, c.setupEnv(), req, nil)
	var extra []error
	if *useOAuth {
		// Without a password setup only tested the connections: the
		// sign-in and the token logins are the verification.
		rep.OK = rep.Incoming != nil && rep.Outgoing != nil && len(rep.Errors) == 0 && len(rep.NeedsConfirmation) == 0
		if rep.OK {
			extra = c.addOAuth(p, rep, acctName, *noBrowser)
			rep.OK = len(extra) == 0
		}
	} else if rep.OK {
		a := rep.Account(acctName, c.g.dns)
		if err := c.save(p, &a, req.Password); err != nil {
			extra = append(extra, err)
			rep.OK = false
		}
	}
	out := c.reportOf(rep, extra)
	if rep.OK {
		out.Account = acctName
	} else if !*useOAuth {
		out.SignIn = c.signInHint(rep)
	}
	code := 0
	if !rep.OK {
		code = 1
	}
	if c.g.json {
		return c.printJSON(out, code)
	}
	printReport(c.io.Stdout, out, true)
	if out.SignIn != "" {
		fmt.Fprintf(c.io.Stdout, "Browser sign-in is available instead of a password: %s\n", out.SignIn)
	}
	if rep.OK {
		what := "the password is"
		if *useOAuth {
			what = "the sign-in is"
		}
		fmt.Fprintf(c.io.Stdout, "Saved as %q; %s in the keyring.\n", acctName, what)
	}
	return code
}

// profileStore is what save needs of the profile.
type profileStore interface {
	Add(account.Account) error
	Remove(name string) error
}

// save stores the password first and then the account, so that a saved
// account always has its password; if the account cannot be written the
// passwords are taken back out.
func (c *cmdContext) save(p profileStore, a *account.Account, password string) error {
	keys := c.secrets()
	return c.saveWith(p, a, func(key string) error { return keys.Set(c.ctx, key, password) },
		func(a *account.Account, s account.Server) string { return a.SecretKey(s) })
}

// saveWith is save for any secret: put stores one server's under key(s),
// for each server that logs in.
func (c *cmdContext) saveWith(p profileStore, a *account.Account, put func(key string) error, key func(*account.Account, account.Server) string) error {
	var stored []string
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		if s.Auth != account.AuthPassword && s.Auth != account.AuthOAuth2 {
			continue
		}
		key := key(a, s)
		if err := put(key); err != nil {
			c.forget(stored)
			return err
		}
		stored = append(stored, key)
	}
	if err := p.Add(*a); err != nil {
		c.forget(stored)
		return err
	}
	return nil
}

func (c *cmdContext) forget(keys []string) {
	for _, k := range keys {
		_ = c.secrets().Delete(context.WithoutCancel(c.ctx), k)
	}
}

// secrets is the password store: Env's in tests, else the OS keyring with
// the session-only fallback (a command line run has no session to keep a
// password in, so keyring problems are reported, never papered over).
func (c *cmdContext) secrets() Secrets {
	if c.env.Secrets != nil {
		return c.env.Secrets
	}
	return secret.NewFallback(&secret.Keyring{Logger: c.io.Logger}, nil, c.io.Logger)
}

func contains(list []account.Protocol, p account.Protocol) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}
