package ui

import (
	"context"
	"log/slog"
	"sync"

	"fyne.io/fyne/v2"
)

// demoProfile is the user's own profile as the demo opens it: "Add
// account…" in the demo adds a real account to the user's profile (never
// to the demo's throwaway store) and opens the user's mail in its own
// window beside the demo, as a second Thunderbird profile would. The
// demo keeps running untouched.
type demoProfile struct {
	dir string // --profile (empty: WREN_PROFILE, then the XDG dir)
	log *slog.Logger

	mu      sync.Mutex
	opening bool
	add     func() // the open profile's File → Add account…
	stops   []func()
}

// open shows the profile's wizard for a first account, or its main window
// with the wizard for one more (UI goroutine). Reading the profile and
// opening its store run off the UI goroutine.
func (d *demoProfile) open(ctx context.Context, a fyne.App) {
	d.mu.Lock()
	busy, add := d.opening, d.add
	d.opening = d.opening || add == nil
	d.mu.Unlock()
	if add != nil {
		add() // opened already: one more account of it
		return
	}
	if busy {
		return
	}
	go func() {
		p, err := loadProfile(ctx, d.dir, d.log)
		fyne.Do(func() {
			d.mu.Lock()
			d.opening = false
			d.mu.Unlock()
			if err != nil {
				NewProblemWindow(a, err).Show()
				return
			}
			w, stop := p.open(ctx, a, openOptions{running: true, fromDemo: true})
			d.mu.Lock()
			d.stops = append(d.stops, stop)
			d.add = p.addAccount
			d.mu.Unlock()
			w.Show()
		})
	}()
}

// stop closes the sessions opened beside the demo (after the app quits).
func (d *demoProfile) stop() {
	d.mu.Lock()
	stops := d.stops
	d.stops = nil
	d.mu.Unlock()
	for _, f := range stops {
		f()
	}
}
