package setup

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"wren/account"
	"wren/account/login"
	"wren/account/login/logintest"
	"wren/account/oauth"
	"wren/account/secret"
	"wren/account/wizard"
)

// tokenLogins records the token logins the wizard asked for.
type tokenLogins struct {
	mu    sync.Mutex
	hosts []string
	toks  []string
}

func (l *tokenLogins) login(_ context.Context, s account.Server, tok string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hosts = append(l.hosts, s.Host)
	l.toks = append(l.toks, tok)
	return nil
}

// signInHarness is the wizard with mockoidc as the provider (through the
// WREN_OAUTH_PROVIDER seam) and browser the test's to play.
func signInHarness(t *testing.T, browser func(string)) (*harness, *secret.Memory, *tokenLogins) {
	t.Setenv(login.EnvProvider, logintest.Start(t).File)
	tokens, logins := &secret.Memory{}, &tokenLogins{}
	h := newHarness(t, func(d *Deps) {
		d.Tokens, d.TokenLogin, d.OpenURL = tokens, logins.login, browser
	})
	return h, tokens, logins
}

// "Sign in with <provider>" replaces the password: the browser (played
// here with an HTTP client; mockoidc approves at once) signs in, both
// servers are logged in to with the token, and the sign-in goes to the
// keyring and the account, with oauth2 logins, to the profile.
func TestSignInWithProvider(t *testing.T) {
	browsed := make(chan error, 1)
	h, tokens, logins := signInHarness(t, func(u string) {
		go func() {
			resp, err := http.Get(u)
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			browsed <- err
		}()
	})
	h.start(found())
	s := h.v.settings
	if !s.signIn.Visible() || s.signIn.Text != "Sign in with Example Mail" || s.verify.Text != "Use a password instead" {
		t.Fatalf("sign-in offered: %v %q, password button %q", s.signIn.Visible(), s.signIn.Text, s.verify.Text)
	}
	test.Tap(s.signIn)
	h.step(wizard.StepSigningIn)
	st := h.step(wizard.StepDone)
	if err := <-browsed; err != nil {
		t.Fatal(err)
	}
	a := <-h.done
	if st.Saved == nil || a.Incoming.Auth != account.AuthOAuth2 || a.Outgoing.Auth != account.AuthOAuth2 ||
		a.Incoming.Username != "alice@example.com" {
		t.Fatalf("saved %+v", a)
	}
	if len(logins.hosts) != 2 || logins.hosts[0] != "imap.example.com" || logins.hosts[1] != "smtp.example.com" || logins.toks[0] == "" {
		t.Errorf("token logins %v", logins.hosts)
	}
	for _, srv := range []account.Server{a.Incoming, a.Outgoing} {
		tok, err := oauth.Load(t.Context(), tokens, oauth.TokenKey(&a, srv))
		if err != nil || tok.RefreshToken == "" {
			t.Errorf("sign-in of %s not in the keyring: %v", srv.Host, err)
		}
	}
	if len(h.secrets.saved) != 0 {
		t.Errorf("a password was saved: %v", h.secrets.saved)
	}
	if len(h.profile.accts) != 1 {
		t.Errorf("%d accounts saved", len(h.profile.accts))
	}
}

// No browser opened: the address is shown with Copy, and Cancel goes
// back to the settings and stops listening.
func TestSignInShowsAddressAndCancels(t *testing.T) {
	h, _, logins := signInHarness(t, func(string) {})
	h.start(found())
	test.Tap(h.v.settings.signIn)
	st := h.pump("the sign-in address", func(s wizard.State) bool { return s.SignInURL != "" })
	if !h.v.signIn.address.Visible() || h.v.signIn.address.Text != st.SignInURL || !strings.Contains(st.SignInURL, "login_hint=alice%40example.com") {
		t.Fatalf("address shown %q (state %q)", h.v.signIn.address.Text, st.SignInURL)
	}
	test.Tap(h.v.signIn.copy)
	if got := fyne.CurrentApp().Clipboard().Content(); got != st.SignInURL {
		t.Errorf("copied %q", got)
	}
	test.Tap(h.v.signIn.cancel)
	h.step(wizard.StepSettings)
	if len(logins.hosts) != 0 || len(h.profile.accts) != 0 {
		t.Errorf("cancelled sign-in logged in or saved: %v %d", logins.hosts, len(h.profile.accts))
	}
}
