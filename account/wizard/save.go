package wizard

import (
	"context"
	"fmt"

	"wren/account"
	"wren/account/explain"
	"wren/account/secret"
)

// Finish saves the verified account: the password to the secret store
// first, then the profile, so a saved account always has its password.
func (w *Wizard) Finish() { w.save(false) }

// KeepForSession saves after a keyring failure with the password kept in
// memory until Wren quits (offered only when the store can do that).
func (w *Wizard) KeepForSession() { w.save(true) }

func (w *Wizard) save(sessionOnly bool) {
	var a account.Account
	var password string
	ok := false
	w.update(func() {
		if w.st.Step != StepResult || w.report == nil || !w.report.OK || sessionOnly && !w.st.SessionOnlyOffered {
			return
		}
		a = w.report.Account(w.st.Name, w.d.DNS)
		// The engine marks typed servers manual; unedited ones keep the
		// source they were found by.
		if f := w.st.Incoming; f.Source != account.SourceManual && f.Source != "" {
			a.Incoming.Source = f.Source
		}
		if f := w.st.Outgoing; f.Source != account.SourceManual && f.Source != "" {
			a.Outgoing.Source = f.Source
		}
		password = w.password
		w.st.Step, w.st.SaveProblem, w.st.SessionOnlyOffered = StepSaving, nil, false
		ok = true
	})
	if !ok {
		return
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		ctx, cancel := context.WithTimeout(w.base, w.d.SaveTimeout)
		defer cancel()
		err := w.store(ctx, &a, password, sessionOnly)
		w.saved(a, err, sessionOnly)
	}()
}

// store puts the password(s) away, then the account; on failure it takes
// back what it stored.
func (w *Wizard) store(ctx context.Context, a *account.Account, password string, sessionOnly bool) error {
	keeper, canKeep := w.d.Secrets.(sessionKeeper)
	if sessionOnly && !canKeep {
		return fmt.Errorf("%w: no session store", account.ErrKeyringUnavailable)
	}
	var stored []string
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		if s.Auth != account.AuthPassword {
			continue
		}
		key := a.SecretKey(s)
		var err error
		if sessionOnly {
			err = keeper.KeepForSession(key, password)
		} else {
			err = w.d.Secrets.Set(ctx, key, password)
		}
		if err != nil {
			w.forget(stored)
			return fmt.Errorf("saving the password of %s: %w", s.Host, err)
		}
		stored = append(stored, key)
	}
	if err := w.d.Profile.Add(*a); err != nil {
		w.forget(stored)
		return fmt.Errorf("saving the account: %w", err)
	}
	return nil
}

func (w *Wizard) forget(keys []string) {
	ctx, cancel := context.WithTimeout(context.Background(), w.d.SaveTimeout)
	defer cancel()
	for _, k := range keys {
		if err := w.d.Secrets.Delete(ctx, k); err != nil {
			w.d.Logger.Warn("could not take back a stored password", "err", err)
		}
	}
}

func (w *Wizard) saved(a account.Account, err error, sessionOnly bool) {
	w.update(func() {
		if err != nil {
			e := explain.Explain(err, explain.Context{Operation: explain.OpSetup})
			w.st.Step, w.st.SaveProblem = StepResult, &e
			_, canKeep := w.d.Secrets.(sessionKeeper)
			w.st.SessionOnlyOffered = canKeep && !sessionOnly && secret.KeyringProblem(err)
			return
		}
		w.st.Step, w.st.Saved, w.st.SessionOnly = StepDone, &a, sessionOnly
	})
	if err == nil {
		w.d.Logger.Info("account saved", "name", a.Name, "session_only", sessionOnly)
		if w.d.OnDone != nil {
			w.d.OnDone(a)
		}
	}
}
