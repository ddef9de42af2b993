package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account/imapsync"
	"wren/account/session"
	"wren/ui/mailview"
)

// NewSessionWindow is the main window over a running session: folders,
// messages and the message pane, with a status line per account. A demo
// session says so at the top.
func NewSessionWindow(a fyne.App, s *session.Session) fyne.Window {
	title := "Wren"
	if s.Demo {
		title = "Wren — Demo account"
	}
	w := a.NewWindow(title)
	view := mailview.New(a, s.Store, s.Accounts)
	view.SetFetcher(s)
	view.SetActor(s)
	ctx, cancel := context.WithCancel(context.Background())
	s.OnStatus(func(name string, st imapsync.Status) {
		view.SetStatus(name, st)
		if st.State == imapsync.StateOnline {
			view.Refresh(ctx)
		}
	})
	content := view.Content()
	if s.Demo {
		banner := widget.NewLabelWithStyle("Demo account: this mail is made up and served inside Wren. Nothing you do here reaches anyone.",
			fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
		content = container.NewBorder(banner, nil, nil, nil, content)
	}
	w.SetContent(content)
	view.AddShortcuts(w.Canvas())
	w.SetOnClosed(func() {
		cancel()
		view.Close()
	})
	return w
}
