//go:build unix

package ui

import (
	"encoding/json"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"

	"wren/ui/compose"
	"wren/ui/mailview"
)

// windowProbe is what a test driving the real window reads: the view's
// probe, the window's title and canvas size and the scale that turns
// Fyne units into pixels.
type windowProbe struct {
	Title  string  `json:"title"`
	Width  float32 `json:"width"`
	Height float32 `json:"height"`
	Scale  float32 `json:"scale"`
	// FileMenu lists the File menu's items as the keyboard walks them
	// (separators left out).
	FileMenu []string `json:"file_menu"`
	// Windows are the app's other windows (probewindows.go).
	Windows []probeWindow `json:"windows"`
	mailview.Probe
	Composers []compose.Probe `json:"composers"`
	SendBar   string          `json:"send_bar"` // "Sending in 10 s", "Message sent", …
}

// startProbe writes the window's probe to path each time the process gets
// SIGUSR1, when WREN_UI_PROBE asks for it (tests only: nothing listens
// otherwise). It stops when stop is closed.
func startProbe(path string, w fyne.Window, view *mailview.View, composer *compose.Manager, stop <-chan struct{}) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	go func() {
		defer signal.Stop(ch)
		for {
			select {
			case <-stop:
				return
			case <-ch:
				fyne.Do(func() {
					c := w.Canvas()
					p := windowProbe{Title: w.Title(), Width: c.Size().Width, Height: c.Size().Height, Scale: c.Scale(), FileMenu: fileMenu(w), Windows: otherWindows(w), Probe: view.Probe()}
					if composer != nil {
						p.Composers, p.SendBar = composer.Probe(), composer.BarText()
					}
					if err := writeProbe(path, p); err != nil {
						slog.Warn("ui probe", "err", err)
					}
				})
			}
		}
	}()
}

// writeProbe replaces path whole, so a reader never sees half of it.
func writeProbe(path string, p windowProbe) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// fileMenu is the File menu's items, in order, without separators.
func fileMenu(w fyne.Window) []string {
	var out []string
	if mm := w.MainMenu(); mm != nil {
		for _, m := range mm.Items {
			if m.Label != "File" {
				continue
			}
			for _, it := range m.Items {
				if !it.IsSeparator {
					out = append(out, it.Label)
				}
			}
		}
	}
	return out
}
