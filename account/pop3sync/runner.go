package pop3sync

import (
	"context"
	"sync"
	"time"

	"wren/account/imapsync"
)

// SessionConn is a logged-in POP3 session the runner can close.
type SessionConn interface {
	Conn
	Close() error
}

// Runner checks one POP3 account for new mail for as long as its context
// lives: at once, then every Every, and at once on Wake ("Get mail").
// After a failure it retries with backoff; a failure only the user can fix
// (a wrong password) stops it, as retrying a login could lock the account.
// It reports the same states as an IMAP account's runner: syncing while a
// check runs, online after one succeeded, offline while retrying.
type Runner struct {
	Engine *Engine
	// Dial opens a logged-in session.
	Dial func(ctx context.Context) (SessionConn, error)
	// Every is the interval between checks (default DefaultEvery).
	Every   time.Duration
	Backoff []time.Duration
	// OnStatus receives every status change (it must not block).
	OnStatus func(imapsync.Status)

	mu     sync.Mutex
	status imapsync.Status

	waker imapsync.Waker
}

// DefaultEvery is how often a POP3 account is checked, as the common
// clients do by default.
const DefaultEvery = 10 * time.Minute

// Run checks until ctx ends (nil) or a failure needs the user (returned).
func (r *Runner) Run(ctx context.Context) error {
	every, backoff := r.Every, r.Backoff
	if every <= 0 {
		every = DefaultEvery
	}
	if backoff == nil {
		backoff = imapsync.DefaultBackoff
	}
	failures := 0
	for {
		r.set(func(s *imapsync.Status) {
			s.State, s.Err, s.Progress = imapsync.StateSyncing, nil, imapsync.Progress{Started: time.Now()}
		})
		r.waker.Drain() // this check answers any wake-up so far
		err := r.check(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := every
		switch {
		case err == nil:
			failures = 0
			r.set(func(s *imapsync.Status) { s.State, s.Err, s.LastSynced = imapsync.StateOnline, nil, time.Now() })
		case imapsync.NeedsUser(err):
			r.set(func(s *imapsync.Status) { s.State, s.Err = imapsync.StateError, err })
			return err
		default:
			wait = backoff[min(failures, len(backoff)-1)]
			failures++
			r.set(func(s *imapsync.Status) { s.State, s.Err, s.Retry = imapsync.StateOffline, err, time.Now().Add(wait) })
		}
		woken, stop := r.waker.Pause(ctx, wait)
		if stop {
			return nil
		}
		if woken {
			failures = 0
		}
	}
}

// check runs one session: dial, sync (which ends with QUIT), close.
func (r *Runner) check(ctx context.Context) error {
	conn, err := r.Dial(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = r.Engine.Sync(ctx, conn)
	return err
}

// Wake makes the runner check at once (after the check in progress, if
// any). Safe from any goroutine, before or during Run.
func (r *Runner) Wake() { r.waker.Signal() }

// Reconnect is Wake: a POP3 session lasts one check, so there is no
// connection to drop after sleep or a network change.
func (r *Runner) Reconnect() { r.Wake() }

// Status returns the current status.
func (r *Runner) Status() imapsync.Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status
}

func (r *Runner) set(f func(*imapsync.Status)) {
	r.mu.Lock()
	f(&r.status)
	st := r.status
	r.mu.Unlock()
	if r.OnStatus != nil {
		r.OnStatus(st)
	}
}
