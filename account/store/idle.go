package store

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// idleDelay is how long the writer must stay quiet before the store
// catches up by itself: long enough to fall between a sync's batches
// rather than compete with them.
const idleDelay = time.Second

// idler runs CatchUp once writes have paused, so reads rarely pay for it.
type idler struct {
	delay  time.Duration // quiet time before a catch-up; 0 turns it off
	mu     sync.Mutex
	timer  *time.Timer
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed bool
}

func (d *idler) init() { d.ctx, d.cancel = context.WithCancel(context.Background()) }

// kick (re)arms the timer after a write that left rows to catch up.
func (d *idler) kick(s *Store) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || d.delay <= 0 {
		return
	}
	if d.timer == nil {
		d.timer = time.AfterFunc(d.delay, func() { d.run(s) })
		return
	}
	d.timer.Reset(d.delay)
}

func (d *idler) run(s *Store) {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	d.wg.Add(1)
	d.mu.Unlock()
	defer d.wg.Done()
	n, err := s.CatchUp(d.ctx)
	if err != nil && !errors.Is(err, context.Canceled) {
		slog.Warn("store: background indexing", "err", err)
		return
	}
	slog.Debug("store: background indexing", "rows", n)
}

// stop cancels a running catch-up and waits for it; no new one starts.
func (d *idler) stop() {
	d.mu.Lock()
	d.closed = true
	if d.timer != nil {
		d.timer.Stop()
	}
	d.cancel()
	d.mu.Unlock()
	d.wg.Wait()
}
