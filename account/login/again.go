package login

import (
	"context"
	"fmt"
	"net/http"

	"wren/account"
	"wren/account/oauth"
)

// Again is what SignInAgain needs besides the account.
type Again struct {
	// Getenv reads EnvProvider; nil is os.Getenv.
	Getenv func(string) string
	// Tokens is the keyring the new sign-in goes to.
	Tokens oauth.Store
	// TokenLogin logs in to s once with the new access token.
	TokenLogin func(ctx context.Context, s account.Server, accessToken string) error
	// Show is given the provider's name and its sign-in page address as
	// soon as it is known: to open in the browser and to show for
	// copying where no browser opens. It must not block.
	Show func(provider, url string)
	// HTTPClient makes the token request; nil is oauth's default.
	HTTPClient *http.Client
}

// SignInAgain signs an account that uses browser sign-in in again (its
// grant was revoked or expired): the provider's page, then a login with
// the new token on each server that signs in that way, then the token in
// the keyring for each. Nothing is stored unless both servers took it,
// so a failed attempt leaves the old sign-in as it was. The account's
// settings do not change; the caller restarts its connections.
func SignInAgain(ctx context.Context, a *account.Account, d Again) error {
	getenv := d.Getenv
	if getenv == nil {
		getenv = (&Logins{}).getenv
	}
	var servers []account.Server
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		if s.Auth == account.AuthOAuth2 {
			servers = append(servers, s)
		}
	}
	if len(servers) == 0 {
		return fmt.Errorf("%s: %w", a.Name, ErrNoSignIn)
	}
	prov, err := ProviderFor(getenv, a.Address, a.Incoming.Host, nil)
	if err != nil {
		return err
	}
	cfg := oauth.ConfigFor(prov.OAuth2, a.Address)
	cfg.HTTPClient = d.HTTPClient
	p, err := oauth.Start(ctx, cfg)
	if err != nil {
		return err
	}
	defer p.Close()
	if d.Show != nil {
		d.Show(prov.Name, p.URL)
	}
	tok, err := p.Wait(ctx)
	if err != nil {
		return err
	}
	for _, s := range servers {
		if err := d.TokenLogin(ctx, s, tok.AccessToken); err != nil {
			return err
		}
	}
	for _, s := range servers {
		if err := oauth.Save(ctx, d.Tokens, oauth.TokenKey(a, s), tok); err != nil {
			return err
		}
	}
	return nil
}
