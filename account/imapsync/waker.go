package imapsync

import (
	"context"
	"sync"
	"time"
)

// Waker holds at most one pending wake-up for a runner: waking twice
// before the runner looks is one wake-up. The zero Waker is ready, and
// safe for concurrent use.
type Waker struct {
	once sync.Once
	ch   chan struct{}
}

// C receives the pending wake-up.
func (w *Waker) C() <-chan struct{} { return w.line() }

func (w *Waker) line() chan struct{} {
	w.once.Do(func() { w.ch = make(chan struct{}, 1) })
	return w.ch
}

// Signal leaves a wake-up pending; it never blocks.
func (w *Waker) Signal() {
	select {
	case w.line() <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Drain drops a pending wake-up (the work about to start answers it).
func (w *Waker) Drain() {
	select {
	case <-w.line():
	default:
	}
}

// Pause waits d, or until a wake-up or the end of ctx; woken reports a
// wake-up, stop the end of ctx.
func (w *Waker) Pause(ctx context.Context, d time.Duration) (woken, stop bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false, true
	case <-timer.C:
		return false, false
	case <-w.C():
		return true, false
	}
}
