package ui

import (
	"cmp"
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
	"wren/account/login"
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
	p, err := loadProfile(ctx, dir, log)
	if err != nil {
		return nil, nil, err
	}
	w, stop := p.open(ctx, a, openOptions{})
	return w, stop, nil
}

// openOptions shape the windows of a profile.
type openOptions struct {
	// running: the app runs already (opened from the demo), so the sync
	// starts now instead of when the app starts.
	running bool
	// fromDemo: no "Try the demo" on the first-start wizard, and the
	// wizard for one more account opens over the main window.
	fromDemo bool
}

// open builds the profile's first window (UI goroutine): the main window
// over its session, or the setup wizard. The returned stop ends the
// session.
func (p *loadedProfile) open(ctx context.Context, a fyne.App, oo openOptions) (fyne.Window, func()) {
	log, prof, sets, keys, prefs := p.log, p.prof, p.sets, p.keys, p.prefs
	sess := p.sess
	var demoSess *session.Session // the demo tried from the first start
	stop := func() {
		if sess != nil {
			sess.Close()
		}
		if demoSess != nil {
			demoSess.Close()
		}
		prefs.Flush() // the window's size, saved as it closed
	}
	// WREN_DNS sends every DNS query of account setup to one server, as
	// --dns does on the command line (and the account keeps it).
	dns := os.Getenv("WREN_DNS")
	wiz := func(d setupui.Deps) setupui.Deps {
		d.Run = func(ctx context.Context, r setup.Request, pr func(discover.Event)) *setup.Report {
			return setup.Run(ctx, setup.Env{Logger: log, DNS: dns}, r, pr)
		}
		d.DNS = dns
		d.Secrets, d.Logger = keys, log
		d.Tokens = keys
		d.TokenLogin = func(ctx context.Context, s account.Server, token string) error {
			return setup.VerifyToken(ctx, setup.Env{Logger: log, DNS: dns}, s, token)
		}
		return d
	}
	var mainWin, settingsWin fyne.Window
	var opts Options
	parent := func() fyne.Window { return mainWin }
	// An account added, edited, repaired or removed applies to the
	// running session at once (the profile is the truth).
	follow := func(restart ...string) {
		if sess != nil {
			followProfile(sess, prof, parent, log, restart...)
		}
	}
	// openMain shows the main window over s (UI goroutine).
	openMain := func(s *session.Session) {
		sess = s
		mainWin = NewSessionWindow(a, s, opts)
		mainWin.Show()
		s.Start(ctx)
	}
	addAccount := func() {
		openAddAccount(a, prof, wiz, func(account.Account) {
			if sess != nil {
				follow()
				return
			}
			// No session yet (the first wizard was closed unfinished, or
			// this is the demo's first account): open it now.
			go func() {
				s, err := p.openSession(ctx, prof.Accounts())
				fyne.Do(func() {
					switch {
					case err != nil:
						NewProblemWindow(a, err).Show()
					case sess != nil: // opened meanwhile by the first wizard
						go s.Close()
						follow()
					default:
						openMain(s)
					}
				})
			}()
		})
	}
	p.addAccount = addAccount
	openSettings := func() {
		if settingsWin != nil {
			settingsWin.RequestFocus()
			return
		}
		settingsWin = settingsui.NewWindow(a, settingsui.Deps{
			Settings: sets, Profile: prof, Keys: keys, Logger: log,
			Repair: func(acct account.Account) {
				openRepair(a, acct, prof, wiz, func() { follow(acct.Name) })
			},
			SignInAgain: func(acct account.Account) {
				setupui.NewSignInAgainWindow(a, acct, login.Again{Tokens: keys,
					TokenLogin: func(ctx context.Context, s account.Server, token string) error {
						return setup.VerifyToken(ctx, setup.Env{Logger: log, DNS: cmp.Or(acct.DNS, dns)}, s, token)
					}}, log, func() { follow(acct.Name) }).Show()
			},
			AddAccount:        addAccount,
			OnAccountsChanged: func() { follow() },
			Pending: func(ctx context.Context, name string) (int, int, error) {
				if sess == nil {
					return 0, 0, nil
				}
				n, err := sess.PendingOf(ctx, name)
				return n.Outbox, n.Actions, err
			},
			OnClosed: func() { settingsWin = nil },
		})
		settingsWin.Show()
	}
	opts = Options{Settings: sets, Prefs: prefs, OpenSettings: openSettings, AddAccount: addAccount}
	if sess != nil {
		mainWin = NewSessionWindow(a, sess, opts)
		if oo.running {
			sess.Start(ctx)
		} else {
			a.Lifecycle().SetOnStarted(func() { sess.Start(ctx) })
		}
		if oo.fromDemo {
			addAccount()
		}
		return mainWin, stop
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
		if s.Demo {
			demoSess = s
			main := NewSessionWindow(a, s, o)
			main.Show()
			w.Close()
			s.Start(ctx)
			return
		}
		if sess != nil { // an account was added meanwhile (File → Add account… of the demo)
			go s.Close()
			follow()
			w.Close()
			return
		}
		openMain(s)
		w.Close()
	}
	w = setupui.NewWindow(a, wiz(setupui.Deps{
		Profile: prof,
		OnDone: func(acct account.Account) {
			go func() {
				s, err := p.openSession(ctx, []account.Account{acct})
				fyne.Do(func() { switchTo(s, opts, err) })
			}()
		},
	}))
	w.Resize(defaultSize) // the first window of a first start: as large as the main one
	if oo.fromDemo {
		w.SetTitle("Add your account")
		return w, func() { stop() }
	}
	demo := widget.NewButton("Try the demo", nil)
	demo.OnTapped = func() {
		demo.Disable()
		go func() {
			s, o, cleanup, err := openDemo(ctx, a, log, nil, p.dir)
			fyne.Do(func() {
				if err == nil {
					prev := stop // closes the sessions switchTo keeps
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
		startProbe(path, w, nil, nil, nil) // tests read the wizard's words
	}
	return w, func() { stop() }
}

// OpenDemo opens the main window over the built-in demo account, with
// its own throwaway settings. The returned stop ends the demo (call it
// after the app quits). Sync starts once the app runs. src nil is the
// made-up mailbox.
func OpenDemo(ctx context.Context, a fyne.App, log *slog.Logger, src demo.Source, profileDir string) (fyne.Window, func(), error) {
	s, o, cleanup, err := openDemo(ctx, a, log, src, profileDir)
	if err != nil {
		return nil, nil, err
	}
	w := NewSessionWindow(a, s, o)
	a.Lifecycle().SetOnStarted(func() { s.Start(ctx) })
	return w, func() { s.Close(); cleanup() }, nil
}

// openDemo starts the demo session and its settings (in a temporary
// directory, which cleanup removes; the caller closes the session). It
// blocks. File → Add account… opens the user's profile in profileDir
// beside the demo (demoAddAccount); cleanup closes it too.
func openDemo(ctx context.Context, a fyne.App, log *slog.Logger, src demo.Source, profileDir string) (*session.Session, Options, func(), error) {
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
	real := &demoProfile{dir: profileDir, log: log}
	o := Options{Settings: sets, Prefs: openPrefs(dir, log), AddAccount: func() { real.open(ctx, a) }}
	o.OpenSettings = func() {
		settingsui.NewWindow(a, settingsui.Deps{Settings: sets, Logger: log, AddAccount: o.AddAccount}).Show()
	}
	return s, o, func() { real.stop(); o.Prefs.Flush(); os.RemoveAll(dir) }, nil
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
