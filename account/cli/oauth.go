package cli

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"

	"golang.org/x/oauth2"

	"wren/account"
	"wren/account/login"
	"wren/account/oauth"
	"wren/account/profile"
	"wren/account/setup"
	"wren/account/verify"
	"wren/assets/providers"
)

// addOAuth finishes `account add --oauth` after discovery: the browser
// sign-in, a token login on both servers, then the tokens to the keyring
// and the account to the profile. It returns the errors to report; none
// means saved.
func (c *cmdContext) addOAuth(p *profile.Profile, rep *setup.Report, name string, noBrowser bool) []error {
	var known *providers.Provider
	if rep.Discovery != nil {
		known = rep.Discovery.Provider
	}
	prov, err := login.ProviderFor(c.io.Getenv, rep.Address, rep.Incoming.Server.Host, known)
	if err != nil {
		return []error{err}
	}
	cfg := oauth.ConfigFor(prov.OAuth2, rep.Address)
	cfg.HTTPClient = c.env.HTTPClient
	tok, err := c.signIn(cfg, prov.Name, noBrowser)
	if err != nil {
		return []error{err}
	}
	a := rep.Account(name, c.g.dns)
	for _, s := range []*account.Server{&a.Incoming, &a.Outgoing} {
		if s.Auth == account.AuthNone {
			continue
		}
		s.Auth = account.AuthOAuth2
		if err := verify.TokenLogin(c.ctx, *s, c.serverOptions(&a, *s), tok.AccessToken); err != nil {
			return []error{err}
		}
	}
	keys := c.secrets()
	err = c.saveWith(p, &a, func(key string) error { return oauth.Save(c.ctx, keys, key, tok) }, oauth.TokenKey)
	if err != nil {
		return []error{err}
	}
	return nil
}

// signIn runs the browser sign-in: the address goes to stderr first, so
// that it can be opened by hand when no browser opens (or on another
// computer); Ctrl-C ends the wait.
func (c *cmdContext) signIn(cfg oauth.Config, provider string, noBrowser bool) (*oauth2.Token, error) {
	pending, err := oauth.Start(c.ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer pending.Close()
	c.showSignIn(provider, pending.URL, noBrowser)
	tok, err := pending.Wait(c.ctx)
	return tok, signInCancelled(err)
}

// signInCancelled says so of a sign-in ended by Ctrl-C.
func signInCancelled(err error) error {
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("sign-in cancelled: %w", err)
	}
	return err
}

// showSignIn prints the sign-in page's address to stderr first, so that
// it can be opened by hand when no browser opens (or on another
// computer), then opens the browser unless noBrowser.
func (c *cmdContext) showSignIn(provider, url string, noBrowser bool) {
	fmt.Fprintf(c.io.Stderr, "Open this address in your browser to sign in to %s: %s\n", provider, url)
	if !noBrowser {
		if err := openBrowser(c.ctx, url); err != nil {
			fmt.Fprintf(c.io.Stderr, "No browser opened (%v); open the address above by hand.\n", err)
		}
	}
	fmt.Fprintln(c.io.Stderr, "Waiting for the sign-in to finish (Ctrl-C cancels)...")
}

// accountSignIn is `wren account signin NAME`: the browser sign-in of an
// account that uses one is renewed (after the provider revoked it), its
// settings untouched.
func (c *cmdContext) accountSignIn(args []string) int {
	fs := newFlagSet("wren account signin", c.io.Stderr)
	noBrowser := fs.Bool("no-browser", false, "print the sign-in address instead of opening the browser")
	_, a, code, ok := c.namedAccount(fs, args, "usage: wren account signin NAME [--no-browser]")
	if !ok {
		return code
	}
	err := login.SignInAgain(c.ctx, &a, login.Again{Getenv: c.io.Getenv, Tokens: c.secrets(), HTTPClient: c.env.HTTPClient,
		TokenLogin: func(ctx context.Context, s account.Server, tok string) error {
			return verify.TokenLogin(ctx, s, c.serverOptions(&a, s), tok)
		},
		Show: func(provider, url string) { c.showSignIn(provider, url, *noBrowser) }})
	if err = signInCancelled(err); err != nil {
		return c.fail(err, "")
	}
	if c.g.json {
		return c.printJSON(map[string]any{"ok": true, "account": a.Name}, 0)
	}
	fmt.Fprintf(c.io.Stdout, "Signed in to %s again.\n", a.Name)
	return 0
}

// openBrowser hands url to the desktop's browser without waiting for it.
func openBrowser(ctx context.Context, url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.CommandContext(ctx, "open", url)
	case "windows":
		cmd = exec.CommandContext(ctx, "rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.CommandContext(ctx, "xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() // reaped whenever it ends; its outcome shows in the browser
	return nil
}

// signInHint is the command that sets addr up with browser sign-in, when
// its provider offers one this build can use.
func (c *cmdContext) signInHint(rep *setup.Report) string {
	if rep == nil || !strings.Contains(rep.Address, "@") {
		return ""
	}
	var known *providers.Provider
	if rep.Discovery != nil {
		known = rep.Discovery.Provider
	}
	host := ""
	if rep.Incoming != nil {
		host = rep.Incoming.Server.Host
	}
	if _, err := login.ProviderFor(c.io.Getenv, rep.Address, host, known); err != nil {
		return ""
	}
	return "wren account add " + rep.Address + " --oauth"
}
