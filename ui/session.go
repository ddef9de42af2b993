package ui

import (
	"context"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wren/account/imapsync"
	"wren/account/outbox"
	"wren/account/session"
	appsettings "wren/account/settings"
	"wren/assets"
	composeui "wren/ui/compose"
	"wren/ui/mailview"
	"wren/ui/tray"
)

// Options are the session window's optional collaborators.
type Options struct {
	// Settings are the app-wide settings (nil: the defaults, as in the
	// demo).
	Settings *appsettings.File
	// Prefs are the profile's window state: theme, size, dividers, the
	// file dialogs' folder (nil: kept in memory for this run).
	Prefs *appsettings.Prefs
	// OpenSettings opens the Settings window (nil: the menu item is off).
	OpenSettings func()
	// Composer opens the composer (nil: New, Reply and Forward are off).
	Composer mailview.Composer
	// AddAccount opens the setup wizard for one more account (nil: File →
	// Add account… is off).
	AddAccount func()
}

// NewSessionWindow is the main window over a running session: folders,
// messages and the message pane, with a status line per account, the
// menu bar, new-mail notifications and, where the desktop has one, a
// tray icon. A demo session says so at the top.
func NewSessionWindow(a fyne.App, s *session.Session, o Options) fyne.Window {
	if o.Prefs == nil {
		o.Prefs = appsettings.MemoryPrefs()
	}
	prefs := o.Prefs
	mailview.ApplyTheme(a, prefs)
	title := "Wren"
	if s.Demo {
		title = "Wren — Demo account"
	}
	w := a.NewWindow(title)
	view := mailview.New(a, s.Store, s.Accounts())
	view.SetFetcher(s)
	view.SetReaderSettings(o.Settings)
	view.SetPrefs(prefs)
	if s.Demo {
		// The demo's remote addresses are made up: looking them up would
		// reach the internet, which the demo's banner says never happens.
		view.SetRemoteOff("The demo never loads remote content: its addresses are made up, and nothing here goes to the internet.")
	}
	view.SetActor(s)
	view.SetSyncer(s)
	if !s.Demo {
		// The demo's servers live and die with it: nothing to bring in.
		view.SetTransferer(s)
	}
	// The composer: set by the caller, else the session's own (which
	// also shows the sending bar and offers last run's drafts).
	var composer *composeui.Manager
	if o.Composer == nil {
		composer = composeui.NewManager(a, composeui.Deps{Backend: s, Accounts: s.Accounts(), Settings: o.Settings, Prefs: prefs})
		composer.SetParent(w)
		o.Composer = composer
	}
	view.SetComposer(o.Composer)
	windows[w] = &windowParts{view: view, session: s, composer: composer}
	restoreGeometry(prefs, w, view)
	quit := func() {
		saveGeometry(prefs, w, view)
		if composer != nil {
			composer.Close() // open drafts are saved
		}
		a.Quit()
	}
	view.SetHooks(mailview.Hooks{
		Settings: o.OpenSettings,
		Quit:     quit,
		About:    func() { showAbout(w) },
		// Added in the running window: see ui/accounts.go.
		AddAccount: o.AddAccount,
	})
	followAccounts(s, view, composer)
	ctx, cancel := context.WithCancel(context.Background())
	live := newLiveRefresh(liveEvery, time.Now)
	s.OnStatus(func(name string, st imapsync.Status) {
		view.SetStatus(name, st)
		if live.due(name, st) {
			view.Refresh(ctx)
		}
	})
	// A Sent copy filed in the store (a POP3 account's) shows at once; an
	// IMAP account's comes with the Sent folder's sync, which reloads.
	s.OnOutbox(func(it outbox.Item) {
		if it.State == outbox.Sent && it.SentCopy {
			view.Refresh(ctx)
		}
	})
	s.OnNewMail(func(n session.NewMail) {
		fyne.Do(func() { notifyNewMail(a, o.Settings, n) })
	})
	content := view.Content()
	if s.Demo {
		banner := widget.NewLabelWithStyle("Demo account: this mail is made up and served inside Wren. Nothing you do here reaches anyone.",
			fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
		content = container.NewBorder(banner, nil, nil, nil, content)
	}
	menu := view.MainMenu()
	if composer != nil {
		content = container.NewStack(content, composer.Bar()) // floats: nothing moves when it shows
		addOutboxItem(menu, composer.ShowOutbox)
		// Drafts left by the last run are offered once the window shows
		// (the result reaches the window through fyne.Do).
		composer.OfferRecovered()
	}
	w.SetContent(content)
	w.SetMainMenu(menu)
	view.AddShortcuts(w.Canvas())
	if tr := tray.Install(a, assets.Icon, func() { w.Show(); w.RequestFocus() }, quit); tr != nil {
		view.OnUnread(tr.SetUnread)
		// With a tray and the user's consent, closing the window keeps
		// Wren running there (minimize-to-tray); otherwise it closes.
		w.SetCloseIntercept(func() {
			if o.Settings != nil && o.Settings.Get().CloseToTray {
				saveGeometry(prefs, w, view)
				w.Hide()
				return
			}
			w.Close()
		})
	}
	probeStop := make(chan struct{})
	if path := os.Getenv("WREN_UI_PROBE"); path != "" {
		startProbe(probePath(path), w, view, composer, probeStop)
	}
	w.SetOnClosed(func() {
		saveGeometry(prefs, w, view)
		close(probeStop)
		cancel()
		view.Close()
		if composer != nil {
			composer.Close()
		}
		delete(windows, w)
	})
	return w
}

// windowParts are what the helpers below reach in a session window.
type windowParts struct {
	view     *mailview.View
	session  *session.Session
	composer *composeui.Manager // nil when the caller brought its own
}

// windows are the open session windows. Used on the UI goroutine only.
var windows = map[fyne.Window]*windowParts{}

// OpenMailto opens a composer filled from a mailto: link (`wren
// mailto:…`, the desktop handler) over session window w; false when w has
// no composer of its own (the setup wizard, a problem window).
func OpenMailto(w fyne.Window, uri string) bool {
	p := windows[w]
	if p == nil || p.composer == nil {
		return false
	}
	p.composer.Mailto(uri)
	return true
}

// addOutboxItem puts "Outbox" in the File menu (or the first menu).
func addOutboxItem(menu *fyne.MainMenu, show func()) {
	if menu == nil || len(menu.Items) == 0 {
		return
	}
	m := menu.Items[0]
	for _, x := range menu.Items {
		if x.Label == "File" {
			m = x
		}
	}
	m.Items = append([]*fyne.MenuItem{fyne.NewMenuItem("Outbox", show)}, m.Items...)
}

func showAbout(w fyne.Window) {
	dialog.ShowInformation("About Wren",
		"Wren is a desktop email client.\nPasswords stay in your system keyring; every failure is explained with a code.", w)
}
