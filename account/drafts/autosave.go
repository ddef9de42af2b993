package drafts

import (
	"log/slog"
	"sync"
	"time"
)

// Autosaver saves a draft shortly after each change, and at once on
// Flush (closing the composer, quitting). Changes arrive from the UI
// goroutine and never wait for the disk.
type Autosaver struct {
	store *Store
	delay time.Duration
	log   *slog.Logger

	mu      sync.Mutex
	pending *Draft
	timer   *time.Timer
	saving  sync.Mutex // one write at a time, in order
	// OnError is told about failed saves (the composer shows it).
	OnError func(error)
}

// NewAutosaver saves at most delay after a change (2 s is a good value:
// at most that much typing is lost in a crash).
func NewAutosaver(s *Store, delay time.Duration, log *slog.Logger) *Autosaver {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Autosaver{store: s, delay: delay, log: log}
}

// Changed records the draft's new content; it is written within delay.
func (a *Autosaver) Changed(d Draft) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pending = &d
	if a.timer == nil {
		a.timer = time.AfterFunc(a.delay, a.save)
	}
}

// Flush writes the pending change now and waits for it.
func (a *Autosaver) Flush() error {
	a.mu.Lock()
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	a.mu.Unlock()
	return a.write()
}

func (a *Autosaver) save() {
	a.mu.Lock()
	a.timer = nil
	a.mu.Unlock()
	if err := a.write(); err != nil {
		a.log.Warn("draft autosave failed", "err", err)
		if a.OnError != nil {
			a.OnError(err)
		}
	}
}

func (a *Autosaver) write() error {
	a.saving.Lock()
	defer a.saving.Unlock()
	a.mu.Lock()
	d := a.pending
	a.pending = nil
	a.mu.Unlock()
	if d == nil {
		return nil
	}
	return a.store.Save(*d)
}
