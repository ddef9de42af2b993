package ui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"wren/account"
	"wren/account/profile"
	"wren/account/session"
	composeui "wren/ui/compose"
	"wren/ui/mailview"
	setupui "wren/ui/setup"
)

// followAccounts keeps the window in step with the session's accounts:
// the folder tree, list and status lines and the composer's From choices
// follow an account added, changed or removed while Wren runs.
func followAccounts(s *session.Session, view *mailview.View, composer *composeui.Manager) {
	s.OnAccounts(func(accts []account.Account) {
		fyne.Do(func() {
			view.SetAccounts(accts)
			if composer != nil {
				composer.SetAccounts(accts)
			}
		})
	})
}

// followTimeout bounds stopping an account's sync (its connection closes
// at once; the wait is for its goroutines).
const followTimeout = 30 * time.Second

// followProfile makes the running session's accounts the profile's, off
// the UI goroutine (stopping a sync waits for it); restart names accounts
// whose password may have changed. A failure is shown over parent.
func followProfile(s *session.Session, prof *profile.Profile, parent func() fyne.Window, log *slog.Logger, restart ...string) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), followTimeout)
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- s.Follow(prof.Accounts(), restart...) }()
		var err error
		select {
		case err = <-done:
		case <-ctx.Done():
			err = fmt.Errorf("applying the account changes: %w", ctx.Err())
		}
		if err == nil || errors.Is(err, session.ErrClosed) {
			return
		}
		log.Warn("accounts not applied", "err", err)
		fyne.Do(func() {
			if w := parent(); w != nil {
				dialog.ShowError(fmt.Errorf("the account change is saved, but Wren could not apply it now; it applies the next time Wren starts (%w)", err), w)
			}
		})
	}()
}

// openAddAccount opens the setup wizard for one more account of prof;
// onAdded runs on the UI goroutine once the account is saved there.
func openAddAccount(a fyne.App, prof *profile.Profile, wiz func(setupui.Deps) setupui.Deps, onAdded func(account.Account)) fyne.Window {
	var w fyne.Window
	w = setupui.NewWindow(a, wiz(setupui.Deps{Profile: prof, OnDone: func(acct account.Account) {
		w.Close()
		if onAdded != nil {
			onAdded(acct)
		}
	}}))
	w.SetTitle("Add account")
	w.Show()
	return w
}
