package wizard

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"wren/account"
	"wren/account/discover"
	"wren/account/login"
	"wren/account/login/logintest"
	"wren/account/setup"
)

// A certificate the user chose to trust holds for the browser sign-in
// too: the token goes only to the server presenting that certificate (the
// sign-in's servers are pinned to it, as a password check's are), and the
// saved account keeps the pin.
func TestSignInPinsTrustedCertificate(t *testing.T) {
	provider := logintest.Start(t).File
	const fp = "3f9a0c5e"
	run := func(ctx context.Context, req setup.Request, p func(discover.Event)) *setup.Report {
		rep := okRun(ctx, req, p)
		rep.NeedsConfirmation = []setup.Confirmation{{Host: "imap.example.com", Reason: "its certificate is not trusted", Fingerprint: fp}}
		return rep
	}
	var mu sync.Mutex
	var loggedIn []account.Server
	states := make(watch, 256)
	done := make(chan account.Account, 1)
	w := New(Deps{Run: run, Secrets: &memSecrets{}, Profile: &memProfile{}, OnChange: states.onChange,
		OnDone: func(a account.Account) { done <- a }, Tokens: &memSecrets{},
		TokenLogin: func(_ context.Context, s account.Server, _ string) error {
			mu.Lock()
			defer mu.Unlock()
			loggedIn = append(loggedIn, s)
			return nil
		},
		// The browser: mockoidc approves at once and sends it back.
		OpenURL: func(u string) {
			go func() {
				if resp, err := http.Get(u); err == nil {
					resp.Body.Close()
				}
			}()
		},
		Getenv: func(k string) string {
			if k == login.EnvProvider {
				return provider
			}
			return ""
		}})
	defer w.Close()
	w.Submit("", "bob@example.com", "")
	s := states.await(t, "settings with sign-in", func(s State) bool { return s.Step == StepSettings && s.SignInWith != "" })
	if len(s.Confirmations) != 1 || s.Confirmations[0].Kind != ConfirmCert {
		t.Fatalf("confirmations %+v", s.Confirmations)
	}
	w.Accept(0, true)
	w.SignIn()
	a := <-done
	mu.Lock()
	defer mu.Unlock()
	if len(loggedIn) != 2 || loggedIn[0].Pin != fp || loggedIn[1].Pin != "" {
		t.Fatalf("token logins %+v; want the incoming server pinned to %s", loggedIn, fp)
	}
	if a.Incoming.Pin != fp || a.Incoming.Auth != account.AuthOAuth2 {
		t.Errorf("saved incoming server %+v", a.Incoming)
	}
}
