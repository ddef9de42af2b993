//go:build unix

package ui

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

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
	// Look is the theme chosen and the colour the window paints with.
	Look lookProbe `json:"look"`
	// Shown is the window's words and buttons (every window).
	Shown shownProbe `json:"shown"`
	mailview.Probe
	Composers []compose.Probe `json:"composers"`
	SendBar   string          `json:"send_bar"` // "Sending in 10 s", "Message sent", …
}

// lookProbe is the window's theme: the choice the profile keeps, the
// background colour really in use (#rrggbb) and the pane dividers.
type lookProbe struct {
	Theme      string  `json:"theme"`
	Background string  `json:"background"`
	Foreground string  `json:"foreground"`
	Link       string  `json:"link"`
	SplitLeft  float64 `json:"split_left"`
	SplitRight float64 `json:"split_right"`
}

func lookOf(view *mailview.View) lookProbe {
	s := fyne.CurrentApp().Settings()
	hex := func(n fyne.ThemeColorName) string {
		r, g, b, _ := s.Theme().Color(n, s.ThemeVariant()).RGBA()
		return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
	}
	look := lookProbe{Background: hex(theme.ColorNameBackground), Foreground: hex(theme.ColorNameForeground),
		Link: hex(theme.ColorNameHyperlink)}
	if view != nil {
		look.Theme = string(mailview.StoredTheme(view.Prefs()))
		look.SplitLeft, look.SplitRight = view.Splits()
	}
	return look
}

// open says whether w is still one of the app's windows.
func open(w fyne.Window) bool {
	for _, x := range fyne.CurrentApp().Driver().AllWindows() {
		if x == w {
			return true
		}
	}
	return false
}

// startProbe writes the window's probe to path each time the process gets
// SIGUSR1, when WREN_UI_PROBE asks for it (tests only: nothing listens
// otherwise). It stops when stop is closed, and a closed window leaves
// the answer to the open one. view is nil for a window without one (the
// setup wizard), composer for a window without a composer.
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
					if !open(w) {
						return // another window answers
					}
					c := w.Canvas()
					p := windowProbe{Title: w.Title(), Width: c.Size().Width, Height: c.Size().Height, Scale: c.Scale(),
						FileMenu: fileMenu(w), Windows: otherWindows(w), Look: lookOf(view), Shown: shownIn(c)}
					if view != nil {
						p.Probe = view.Probe()
					}
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
