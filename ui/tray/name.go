package tray

import (
	"runtime"

	"fyne.io/systray"
)

// Name gives the tray icon its title and tooltip. Call it before the app
// starts: Fyne sets only the title, from a goroutine that can lose the
// race with the icon's export, and never the tooltip.
func Name(name string) {
	if runtime.GOOS != "darwin" && runtime.GOOS != "windows" {
		systray.SetTitle(name)
		systray.SetTooltip(name)
	}
}
