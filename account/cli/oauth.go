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
	fmt.Fprintf(c.io.Stderr, "Open this address in your browser to sign in to %s: %s\n", provider, pending.URL)
	if !noBrowser {
		if err := openBrowser(c.ctx, pending.URL); err != nil {
			fmt.Fprintf(c.io.Stderr, "No browser opened (%v); open the address above by hand.\n", err)
		}
	}
	fmt.Fprintln(c.io.Stderr, "Waiting for the sign-in to finish (Ctrl-C cancels)...")
	tok, err := pending.Wait(c.ctx)
	if errors.Is(err, context.Canceled) {
		return nil, fmt.Errorf("sign-in cancelled: %w", err)
	}
	return tok, err
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
