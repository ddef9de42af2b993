// Wren is a desktop email client. main only wires things together: the
// window, the headless core under account/ and the transports under
// transport/ are built elsewhere.
package main

import (
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"wren/assets"
	"wren/ui"
)

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	a := app.NewWithID("org.wren.mail")
	a.SetIcon(assets.Icon)
	w := ui.NewMainWindow(a)
	w.Resize(fyne.NewSize(1000, 680))
	w.ShowAndRun()
}
