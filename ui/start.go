package ui

import (
	"context"
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/demo"
	"wren/account/discover"
	"wren/account/profile"
	"wren/account/secret"
	"wren/account/session"
	appsettings "wren/account/settings"
	"wren/account/setup"
	settingsui "wren/ui/settings"
	setupui "wren/ui/setup"
)

// OpenProfile opens the window for the user's profile: the setup wizard
// when there is no account yet (it also offers the demo), else the main
// window over the accounts. The returned stop ends the session (call it
// after the app quits).
func OpenProfile(ctx context.Context, a fyne.App, dir string, log *slog.Logger) (fyne.Window, func(), error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	paths, err := profile.Locate(dir, os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	prof, err := profile.Open(paths.Config)
	if err != nil {
		return nil, nil, err
	}
	// A settings file this Wren cannot read is refused and kept, like
	// the account file.
	sets, err := appsettings.Open(paths.Config)
	if err != nil {
		return nil, nil, err
	}
	prefs := openPrefs(paths.Config, log)
	keys := secret.NewFallback(&secret.Keyring{Logger: log}, nil, log)
	var sess *session.Session
	stop := func() {
		if sess != nil {
			sess.Close()
		}
		prefs.Flush() // the window's size, saved as it closed
	}
	// WREN_DNS sends every DNS query of account setup to one server, as
	// --dns does on the command line (and the account keeps it).
	dns := os.Getenv("WREN_DNS")
	wiz := func(d setupui.Deps) setupui.Deps {
		d.Run = func(ctx context.Context, r setup.Request, p func(discover.Event)) *setup.Report {
			return setup.Run(ctx, setup.Env{Logger: log, DNS: dns}, r, p)
		}
		d.DNS = dns
		d.Secrets, d.Logger = keys, log
		return d
	}
	var settingsWin fyne.Window
	openSettings := func() {
		if settingsWin != nil {
			settingsWin.RequestFocus()
			return
		}
		settingsWin = settingsui.NewWindow(a, settingsui.Deps{
			Settings: sets, Profile: prof, Keys: keys, Logger: log,
			Repair: func(acct account.Account) { openRepair(a, acct, prof, wiz) },
			AddAccount: func() {
				var aw fyne.Window
				aw = setupui.NewWindow(a, wiz(setupui.Deps{Profile: prof, OnDone: func(account.Account) { aw.Close() }}))
				aw.Show()
			},
			OnClosed: func() { settingsWin = nil },
		})
		settingsWin.Show()
	}
	opts := Options{Settings: sets, Prefs: prefs, OpenSettings: openSettings}
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
		w := NewSessionWindow(a, s, opts)
		a.Lifecycle().SetOnStarted(func() { sess.Start(ctx) })
		return w, stop, nil
	}
	var w fyne.Window
	// switchTo replaces the wizard with the main window over s (UI
	// goroutine); the main window shows before the wizard closes, so the
	// app always has a window.
	switchTo := func(s *session.Session, o Options, err error) {
		if err != nil {
			NewProblemWindow(a, err).Show()
			w.Close()
			return
		}
		sess = s
		main := NewSessionWindow(a, s, o)
		main.Show()
		w.Close()
		s.Start(ctx)
	}
	w = setupui.NewWindow(a, wiz(setupui.Deps{
		Profile: prof,
		OnDone: func(acct account.Account) {
			go func() {
				s, err := openSession([]account.Account{acct})
				fyne.Do(func() { switchTo(s, opts, err) })
			}()
		},
	}))
	demo := widget.NewButton("Try the demo", nil)
	demo.OnTapped = func() {
		demo.Disable()
		go func() {
			s, o, cleanup, err := openDemo(ctx, a, log, nil)
			fyne.Do(func() {
				if err == nil {
					prev := stop // closes the session switchTo keeps
					stop = func() { prev(); cleanup() }
				}
				switchTo(s, o, err)
			})
		}()
	}
	hint := widget.NewLabel("No account yet? The demo shows Wren on made-up mail, served inside Wren.")
	w.SetContent(container.NewBorder(nil, container.NewHBox(hint, layout.NewSpacer(), demo), nil, nil, w.Content()))
	w.Resize(defaultSize) // the first window of a first start: as large as the main one
	if path := os.Getenv("WREN_UI_PROBE"); path != "" {
		startProbe(path, w, nil, nil) // tests read the wizard's words
	}
	return w, func() { stop() }, nil
}

// OpenDemo opens the main window over the built-in demo account, with
// its own throwaway settings. The returned stop ends the demo (call it
// after the app quits). Sync starts once the app runs. src nil is the
// made-up mailbox.
func OpenDemo(ctx context.Context, a fyne.App, log *slog.Logger, src demo.Source) (fyne.Window, func(), error) {
	s, o, cleanup, err := openDemo(ctx, a, log, src)
	if err != nil {
		return nil, nil, err
	}
	w := NewSessionWindow(a, s, o)
	a.Lifecycle().SetOnStarted(func() { s.Start(ctx) })
	return w, func() { s.Close(); cleanup() }, nil
}

// openDemo starts the demo session and its settings (in a temporary
// directory, which cleanup removes; the caller closes the session). It
// blocks.
func openDemo(ctx context.Context, a fyne.App, log *slog.Logger, src demo.Source) (*session.Session, Options, func(), error) {
	s, err := session.OpenDemo(ctx, src, log)
	if err != nil {
		return nil, Options{}, nil, err
	}
	dir, err := os.MkdirTemp("", "wren-demo-settings-*")
	if err != nil {
		s.Close()
		return nil, Options{}, nil, err
	}
	sets, err := appsettings.Open(dir)
	if err != nil {
		s.Close()
		os.RemoveAll(dir)
		return nil, Options{}, nil, err
	}
	o := Options{Settings: sets, Prefs: openPrefs(dir, log)}
	o.OpenSettings = func() {
		settingsui.NewWindow(a, settingsui.Deps{Settings: sets, Logger: log}).Show()
	}
	return s, o, func() { o.Prefs.Flush(); os.RemoveAll(dir) }, nil
}

// openPrefs opens the window state kept in dir. One this Wren cannot read
// is left as it is and the window starts with its defaults: a forgotten
// window size is no reason to refuse the profile.
func openPrefs(dir string, log *slog.Logger) *appsettings.Prefs {
	if log == nil {
		log = slog.Default()
	}
	p, err := appsettings.OpenPrefs(dir, log)
	if err != nil {
		log.Warn("the window's remembered state is not used", "err", err)
		return appsettings.MemoryPrefs()
	}
	return p
}
