package wizard

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/oauth2"

	"wren/account"
	"wren/account/explain"
	"wren/account/login"
	"wren/account/oauth"
	"wren/account/setup"
	"wren/assets/providers"
)

// offerSignIn offers the browser sign-in of the provider discovery found,
// when the app can keep one; the lock is held.
func (w *Wizard) offerSignIn(rep *setup.Report) {
	w.signIn, w.st.SignInWith = nil, ""
	if w.d.Tokens == nil || w.d.TokenLogin == nil {
		return
	}
	host := ""
	if rep.Incoming != nil {
		host = rep.Incoming.Server.Host
	}
	var known *providers.Provider
	if rep.Discovery != nil {
		known = rep.Discovery.Provider
	}
	p, err := login.ProviderFor(w.d.Getenv, w.st.Address, host, known)
	if err != nil {
		return
	}
	w.signIn, w.st.SignInWith = &p, p.Name
	w.d.Logger.Info("browser sign-in offered", "provider", p.Name)
}

// SignIn signs in in the browser instead of verifying a password: the
// provider's page is opened (and shown to copy), then both servers must
// take the token, and the sign-in and the account are saved. Cancel
// stops waiting.
func (w *Wizard) SignIn() {
	w.update(func() {
		if w.st.Step != StepSettings && w.st.Step != StepResult || !w.st.CanContinue() || w.signIn == nil {
			return
		}
		w.stopRun()
		gen := w.gen
		ctx, cancel := context.WithTimeout(w.base, oauth.DefaultWait)
		w.cancel = cancel
		a := w.signInAccount()
		cfg := oauth.ConfigFor(w.signIn.OAuth2, w.st.Address)
		w.st.Step, w.st.SignInURL = StepSigningIn, ""
		w.st.In, w.st.Out = SideResult{}, SideResult{}
		w.st.Problems, w.st.Fix, w.st.SaveProblem = nil, FixNone, nil
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			defer cancel()
			err := w.runSignIn(ctx, gen, cfg, &a)
			w.signedIn(gen, a, err)
		}()
	})
}

// signInAccount is the account the settings shown make, logging in with
// a token; the lock is held.
func (w *Wizard) signInAccount() account.Account {
	rep := setup.Report{Address: w.st.Address}
	for _, side := range []struct {
		f   ServerForm
		dst **setup.Choice
	}{{w.st.Incoming, &rep.Incoming}, {w.st.Outgoing, &rep.Outgoing}} {
		s := account.Server{Protocol: side.f.Protocol, Host: side.f.Host, Port: side.f.Port, Security: side.f.Security,
			Username: side.f.Username, Auth: account.AuthOAuth2, Source: side.f.Source}
		if s.Username == "" {
			s.Username = w.st.Address // a token names the account by its address
		}
		s.Pin = w.trusted(s.Host)
		*side.dst = &setup.Choice{Server: s}
	}
	return rep.Account(w.st.Name, w.d.DNS)
}

// trusted is the fingerprint of the certificate the user chose to trust
// for host, if any; the lock is held. The sign-in is pinned to it as a
// password verification would be, so the token goes to that server only.
func (w *Wizard) trusted(host string) string {
	for _, c := range w.st.Confirmations {
		if c.Kind == ConfirmCert && c.Accepted && strings.EqualFold(c.Host, host) {
			return c.Fingerprint
		}
	}
	return ""
}

// runSignIn is SignIn's work, on its goroutine.
func (w *Wizard) runSignIn(ctx context.Context, gen uint64, cfg oauth.Config, a *account.Account) error {
	p, err := oauth.Start(ctx, cfg)
	if err != nil {
		return err
	}
	defer p.Close()
	w.update(func() {
		if gen == w.gen {
			w.st.SignInURL = p.URL
		}
	})
	if w.d.OpenURL != nil {
		w.d.OpenURL(p.URL)
	}
	tok, err := p.Wait(ctx)
	if err != nil {
		return err
	}
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		if err := w.d.TokenLogin(ctx, s, tok.AccessToken); err != nil {
			return err
		}
	}
	return w.storeSignIn(ctx, a, tok)
}

// storeSignIn puts the sign-in of each server in the keyring, then the
// account in the profile; on failure it takes back what it stored.
func (w *Wizard) storeSignIn(ctx context.Context, a *account.Account, tok *oauth2.Token) error {
	var stored []string
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		key := oauth.TokenKey(a, s)
		if err := oauth.Save(ctx, w.d.Tokens, key, tok); err != nil {
			w.forgetTokens(stored)
			return err
		}
		stored = append(stored, key)
	}
	if err := w.d.Profile.Add(*a); err != nil {
		w.forgetTokens(stored)
		return fmt.Errorf("saving the account: %w", err)
	}
	return nil
}

func (w *Wizard) forgetTokens(keys []string) {
	ctx, cancel := context.WithTimeout(context.Background(), w.d.SaveTimeout)
	defer cancel()
	for _, k := range keys {
		if err := w.d.Tokens.Delete(ctx, k); err != nil {
			w.d.Logger.Warn("could not take back a stored sign-in", "err", err)
		}
	}
}

// signedIn shows how the sign-in ended: done, or back to the settings
// with the explanation. A cancelled sign-in (stale gen) shows nothing.
func (w *Wizard) signedIn(gen uint64, a account.Account, err error) {
	done := false
	w.update(func() {
		if gen != w.gen {
			return
		}
		w.cancel = nil
		w.st.SignInURL = ""
		if err != nil {
			w.st.Step = StepSettings
			w.st.Problems = mergeSides(explain.ExplainAll([]error{err}, w.explainContext()))
			w.logProblems()
			return
		}
		w.st.Step, w.st.Saved = StepDone, &a
		done = true
	})
	if done {
		w.d.Logger.Info("account saved", "name", a.Name, "auth", string(account.AuthOAuth2))
		if w.d.OnDone != nil {
			w.d.OnDone(a)
		}
	}
}
