package ui

import (
	"context"
	"log/slog"
	"os"

	"fyne.io/fyne/v2"

	"wren/account"
	"wren/account/discover"
	"wren/account/profile"
	"wren/account/secret"
	"wren/account/session"
	"wren/account/setup"
	setupui "wren/ui/setup"
)

// OpenProfile opens the window for the user's profile: the setup wizard
// when there is no account yet, else the main window over the accounts.
// The returned stop ends the session (call it after the app quits).
func OpenProfile(ctx context.Context, a fyne.App, dir string, log *slog.Logger) (fyne.Window, func(), error) {
	paths, err := profile.Locate(dir, os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	prof, err := profile.Open(paths.Config)
	if err != nil {
		return nil, nil, err
	}
	keys := secret.NewFallback(&secret.Keyring{Logger: log}, nil, log)
	var sess *session.Session
	stop := func() {
		if sess != nil {
			sess.Close()
		}
	}
	// openSession does the disk work of opening the accounts' store; it
	// blocks, so the wizard runs it off the UI goroutine.
	openSession := func(accts []account.Account) (*session.Session, error) {
		if err := os.MkdirAll(paths.Data, 0o700); err != nil {
			return nil, err
		}
		return session.Open(ctx, session.Config{
			Accounts: accts,
			DataDir:  paths.Data,
			Password: func(ctx context.Context, a *account.Account, srv account.Server) (string, error) {
				return keys.Get(ctx, a.SecretKey(srv))
			},
			Logger: log,
		})
	}
	if accts := prof.Accounts(); len(accts) > 0 {
		s, err := openSession(accts)
		if err != nil {
			return nil, nil, err
		}
		sess = s
		w := NewSessionWindow(a, s)
		a.Lifecycle().SetOnStarted(func() { sess.Start(ctx) })
		return w, stop, nil
	}
	var wiz fyne.Window
	wiz = setupui.NewWindow(a, setupui.Deps{
		Run: func(ctx context.Context, r setup.Request, p func(discover.Event)) *setup.Report {
			return setup.Run(ctx, setup.Env{Logger: log}, r, p)
		},
		Secrets: keys,
		Profile: prof,
		Logger:  log,
		OnDone: func(acct account.Account) {
			go func() {
				s, err := openSession([]account.Account{acct})
				fyne.Do(func() {
					if err != nil {
						NewProblemWindow(a, err).Show()
						wiz.Close()
						return
					}
					sess = s
					w := NewSessionWindow(a, s)
					w.Resize(fyne.NewSize(1100, 700))
					w.Show()
					wiz.Close()
					s.Start(ctx)
				})
			}()
		},
	})
	return wiz, stop, nil
}
