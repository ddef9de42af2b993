package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"wren/account/imapsync"
	"wren/account/session"
	appsettings "wren/account/settings"
	"wren/assets"
	"wren/ui/mailview"
	"wren/ui/tray"
)

// Options are the session window's optional collaborators.
type Options struct {
	// Settings are the app-wide settings (nil: the defaults, as in the
	// demo).
	Settings *appsettings.File
	// OpenSettings opens the Settings window (nil: the menu item is off).
	OpenSettings func()
	// Composer opens the composer (nil: New, Reply and Forward are off).
	Composer mailview.Composer
}

// NewSessionWindow is the main window over a running session: folders,
// messages and the message pane, with a status line per account, the
// menu bar, new-mail notifications and, where the desktop has one, a
// tray icon. A demo session says so at the top.
func NewSessionWindow(a fyne.App, s *session.Session, o Options) fyne.Window {
	mailview.ApplyTheme(a)
	title := "Wren"
	if s.Demo {
		title = "Wren — Demo account"
	}
	w := a.NewWindow(title)
	view := mailview.New(a, s.Store, s.Accounts)
	view.SetFetcher(s)
	view.SetActor(s)
	view.SetSyncer(s)
	if o.Composer != nil {
		view.SetComposer(o.Composer)
	}
	restoreGeometry(a.Preferences(), w, view)
	quit := func() {
		saveGeometry(a.Preferences(), w, view)
		a.Quit()
	}
	view.SetHooks(mailview.Hooks{
		Settings: o.OpenSettings,
		Quit:     quit,
		About:    func() { showAbout(w) },
	})
	ctx, cancel := context.WithCancel(context.Background())
	s.OnStatus(func(name string, st imapsync.Status) {
		view.SetStatus(name, st)
		if st.State == imapsync.StateOnline {
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
	w.SetContent(content)
	w.SetMainMenu(view.MainMenu())
	view.AddShortcuts(w.Canvas())
	if tr := tray.Install(a, assets.Icon, func() { w.Show(); w.RequestFocus() }, quit); tr != nil {
		view.OnUnread(tr.SetUnread)
		// With a tray and the user's consent, closing the window keeps
		// Wren running there (minimize-to-tray); otherwise it closes.
		w.SetCloseIntercept(func() {
			if o.Settings != nil && o.Settings.Get().CloseToTray {
				saveGeometry(a.Preferences(), w, view)
				w.Hide()
				return
			}
			w.Close()
		})
	}
	w.SetOnClosed(func() {
		saveGeometry(a.Preferences(), w, view)
		cancel()
		view.Close()
	})
	return w
}

func showAbout(w fyne.Window) {
	dialog.ShowInformation("About Wren",
		"Wren is a desktop email client.\nPasswords stay in your system keyring; every failure is explained with a code.", w)
}
