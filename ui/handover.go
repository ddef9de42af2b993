package ui

import (
	"log/slog"

	"fyne.io/fyne/v2"
)

// HandOver does what a later launch of Wren with this profile was started
// for (account/instance): write to its mailto: URL, or show the window,
// also from the tray. Call it on the UI goroutine. The main window is
// found afresh because the first-start wizard's window gives way to it.
func HandOver(a fyne.App, mailto string, log *slog.Logger) {
	var main fyne.Window
	for w := range windows {
		main = w // one per profile outside the demo
	}
	if main == nil {
		// The wizard (or the profile's problem window): show it; a
		// mailto: link has no account to write from yet.
		if all := a.Driver().AllWindows(); len(all) > 0 {
			main = all[0]
		}
		if mailto != "" {
			log.Warn("no account to write from: the mailto: link is not opened")
		}
	}
	if main == nil {
		return
	}
	if mailto != "" && OpenMailto(main, mailto) {
		return // the composer opens in front
	}
	main.Show()
	main.RequestFocus()
}
