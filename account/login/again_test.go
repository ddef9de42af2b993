package login_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wren/account"
	"wren/account/login"
	"wren/account/login/logintest"
	"wren/account/oauth"
	"wren/account/secret"
	"wren/transport"
)

// Signing in again replaces the sign-in of both servers once both took
// the new token; when one refuses it, the old sign-in stays as it was.
// The provider's address is handed over for the browser.
func TestSignInAgain(t *testing.T) {
	path := logintest.Start(t).File
	a := &account.Account{Name: "me", Address: "me@example.test",
		Incoming: account.Server{Protocol: account.IMAP, Host: "imap.example.test", Port: 993, Username: "me@example.test", Auth: account.AuthOAuth2},
		Outgoing: account.Server{Protocol: account.SMTP, Host: "smtp.example.test", Port: 465, Username: "me@example.test", Auth: account.AuthOAuth2}}
	keys := &secret.Memory{}
	old := &oauth2.Token{RefreshToken: "revoked", AccessToken: "stale", Expiry: time.Now().Add(time.Hour)}
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		if err := oauth.Save(t.Context(), keys, oauth.TokenKey(a, s), old); err != nil {
			t.Fatal(err)
		}
	}
	var shown string
	again := func(refuse string) error {
		return login.SignInAgain(t.Context(), a, login.Again{
			Getenv: func(k string) string { return map[string]string{login.EnvProvider: path}[k] },
			Tokens: keys,
			TokenLogin: func(_ context.Context, s account.Server, tok string) error {
				if s.Host == refuse || tok == "" || tok == "stale" {
					return &transport.Error{Code: transport.CodeSMTPTokenRejected, Protocol: transport.ProtoSMTP, Step: transport.StepAuth}
				}
				return nil
			},
			// The browser: mockoidc approves at once.
			Show: func(provider, u string) {
				shown = provider
				go func() {
					if resp, err := http.Get(u); err == nil {
						resp.Body.Close()
					}
				}()
			},
		})
	}
	tokens := func() []string {
		var out []string
		for _, s := range []account.Server{a.Incoming, a.Outgoing} {
			tok, err := oauth.Load(t.Context(), keys, oauth.TokenKey(a, s))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, tok.RefreshToken)
		}
		return out
	}

	err := again("smtp.example.test")
	if transport.CodeOf(err) != transport.CodeSMTPTokenRejected {
		t.Fatalf("with the outgoing server refusing: %v", err)
	}
	if got := tokens(); got[0] != "revoked" || got[1] != "revoked" {
		t.Errorf("a failed sign-in changed the keyring: %q", got)
	}
	if err := again(""); err != nil {
		t.Fatal(err)
	}
	if got := tokens(); got[0] == "revoked" || got[0] == "" || got[1] != got[0] {
		t.Errorf("after signing in again the keyring holds %q", got)
	}
	if shown != "Example Mail" {
		t.Errorf("provider shown %q", shown)
	}

	// An account with passwords only has nothing to sign in again.
	pw := *a
	pw.Incoming.Auth, pw.Outgoing.Auth = account.AuthPassword, account.AuthPassword
	if err := login.SignInAgain(t.Context(), &pw, login.Again{}); !errors.Is(err, login.ErrNoSignIn) {
		t.Errorf("password account: %v", err)
	}
}
