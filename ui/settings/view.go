// Package settings is Wren's Settings window: accounts (identities and
// signatures, servers, POP3 options, remove, repair), privacy,
// notifications and sending. The data lives in account/settings and
// account/profile; every write runs off the UI goroutine.
package settings

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	appsettings "wren/account/settings"
)

// saveTimeout bounds one save (a file write, keyring calls).
const saveTimeout = 30 * time.Second

// Profile is the account file (a *profile.Profile).
type Profile interface {
	Accounts() []account.Account
	Get(name string) (account.Account, error)
	Update(account.Account) error
	Remove(name string) error
}

// Deps are the window's data and collaborators.
type Deps struct {
	Settings *appsettings.File
	// Profile and Keys: without a profile (the demo) the Accounts tab
	// only says so.
	Profile Profile
	Keys    appsettings.Keys
	// Repair runs the setup wizard again for an account, AddAccount runs
	// it for a new one (nil: no button).
	Repair     func(account.Account)
	AddAccount func()
	// SignInAgain renews the browser sign-in of an account that uses one
	// (nil: Repair does it through the wizard).
	SignInAgain func(account.Account)
	// OnAccountsChanged runs on the UI goroutine after an account was
	// saved or removed; with it, changes apply to the running window.
	OnAccountsChanged func()
	// Pending counts what an account has waiting, messages in the outbox
	// and changes not yet on the server, for the question before it is
	// removed (nil: nothing is said). It may block.
	Pending func(ctx context.Context, name string) (outbox, actions int, err error)
	// OnClosed runs when the Settings window closes.
	OnClosed func()
	Logger   *slog.Logger
}

// View is the Settings content.
type View struct {
	app   fyne.App
	d     Deps
	log   *slog.Logger
	spawn func(func()) // blocking work; tests run it on their goroutine

	ctx    context.Context
	cancel context.CancelFunc

	accounts *accountsTab
	prefs    *prefsTabs
	Content  fyne.CanvasObject

	saveMu  sync.Mutex
	pending *appsettings.Settings
	saving  bool
}

// New builds the Settings content.
func New(a fyne.App, d Deps) *View {
	return newView(a, d, func(f func()) { go f() })
}

func newView(a fyne.App, d Deps, spawn func(func())) *View {
	log := d.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	v := &View{app: a, d: d, log: log, spawn: spawn, ctx: ctx, cancel: cancel}
	v.accounts = newAccountsTab(v)
	v.prefs = newPrefsTabs(v)
	v.Content = container.NewAppTabs(
		container.NewTabItem("Accounts", v.accounts.box),
		container.NewTabItem("Privacy", v.prefs.privacy),
		container.NewTabItem("Notifications", v.prefs.notify),
		container.NewTabItem("Sending", v.prefs.sending),
	)
	return v
}

// Close stops pending work.
func (v *View) Close() { v.cancel() }

// NewWindow opens Settings in its own window.
func NewWindow(a fyne.App, d Deps) fyne.Window {
	w := a.NewWindow("Wren Settings")
	v := New(a, d)
	w.SetContent(v.Content)
	w.Resize(fyne.NewSize(720, 560))
	w.SetOnClosed(func() {
		v.Close()
		if d.OnClosed != nil {
			d.OnClosed()
		}
	})
	return w
}

// window finds the window showing the view (for dialogs).
func (v *View) window() fyne.Window {
	c := v.app.Driver().CanvasForObject(v.Content)
	for _, w := range v.app.Driver().AllWindows() {
		if w.Canvas() == c {
			return w
		}
	}
	return nil
}

// note is a one-line result under a form ("Saved.", or what went wrong).
func note() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}
