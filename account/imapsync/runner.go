package imapsync

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"wren/transport"
	"wren/transport/imap"
)

// State is what an account's status line shows.
type State string

const (
	StateOffline State = "offline" // not connected (and retrying)
	StateSyncing State = "syncing" // a sync is running
	StateOnline  State = "online"  // connected and up to date
	StateError   State = "error"   // stopped: the user must act (Err says why)
)

// Status is an account's sync status.
type Status struct {
	State      State
	Progress   Progress // while syncing
	Err        error    // the last failure (offline and error states)
	LastSynced time.Time
	// Retry is when the next connection attempt starts (offline).
	Retry time.Time
}

// IdleConn is a session the runner can watch.
type IdleConn interface {
	Conn
	Idle(ctx context.Context, onUpdate func(imap.Update)) error
	Noop(ctx context.Context) error
	Close() error
}

// Runner keeps one account in sync for as long as its context lives: a
// full sync after each connect, then IDLE on the Inbox (polling where the
// server has no IDLE), a resync of the Inbox on news, and reconnection with
// backoff after a drop. Authentication failures are never retried by
// themselves: the runner stops in StateError.
type Runner struct {
	Engine *Engine
	// Dial returns a logged-in session.
	Dial func(ctx context.Context) (IdleConn, error)
	// Inbox is the folder to watch (default "INBOX").
	Inbox string
	// Poll is the interval without IDLE, and the health check interval
	// with it (default 5 minutes).
	Poll    time.Duration
	Backoff []time.Duration
	// OnStatus receives every status change (it must not block).
	OnStatus func(Status)
	// BeforeSync, when set, runs before every sync on the connection:
	// after connecting, after a wake-up and at each check. The queued user
	// actions are replayed there, so an action taken while online reaches
	// the server with the sync it wakes, and no sync brings back a message
	// the user moved away before the server has the move.
	BeforeSync func(ctx context.Context, conn IdleConn) error

	mu     sync.Mutex
	status Status
	// drop ends the current session at once (nil between sessions).
	drop func()

	waker Waker
	// What the pending wake-up asks for (under mu): every folder (Wake),
	// or only some (WakeFor).
	wakeFull    bool
	wakeFolders map[string]bool
}

// DefaultBackoff spaces reconnection attempts.
var DefaultBackoff = []time.Duration{2 * time.Second, 10 * time.Second, 30 * time.Second, 2 * time.Minute, 5 * time.Minute}

// Status returns the current status.
func (r *Runner) Status() Status {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.status
}

func (r *Runner) set(f func(*Status)) {
	r.mu.Lock()
	f(&r.status)
	st := r.status
	r.mu.Unlock()
	if r.OnStatus != nil {
		r.OnStatus(st)
	}
}

// Run syncs until ctx ends (returns nil) or a failure needs the user
// (returns it, also in the status).
func (r *Runner) Run(ctx context.Context) error {
	backoff := r.Backoff
	if backoff == nil {
		backoff = DefaultBackoff
	}
	failures := 0
	for {
		dropped, err := r.connect(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if dropped {
			// Reconnect asked for a fresh session: no backoff.
			failures = 0
			continue
		}
		if NeedsUser(err) {
			r.set(func(s *Status) { s.State, s.Err = StateError, err })
			return err
		}
		wait := backoff[min(failures, len(backoff)-1)]
		failures++
		r.set(func(s *Status) { s.State, s.Err, s.Retry = StateOffline, err, time.Now().Add(wait) })
		woken, stop := r.waker.Pause(ctx, wait)
		if stop {
			return nil
		}
		if woken {
			failures = 0 // the network is likely back: start over
		}
	}
}

// connect runs one session: dial, sync, follow the Inbox until the
// connection fails or Reconnect drops it (dropped is then true).
func (r *Runner) connect(ctx context.Context) (dropped bool, err error) {
	sctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var conn IdleConn
	var connMu sync.Mutex
	r.mu.Lock()
	r.drop = func() {
		cancel(errReconnect)
		// Closing the connection also ends a call blocked on a dead
		// network (ending IDLE waits for the server otherwise).
		connMu.Lock()
		if conn != nil {
			conn.Close()
		}
		connMu.Unlock()
	}
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.drop = nil
		r.mu.Unlock()
	}()
	c, err := r.Dial(sctx)
	if err == nil {
		connMu.Lock()
		conn = c
		connMu.Unlock()
		if sctx.Err() == nil {
			err = r.session(sctx, c)
		}
		c.Close()
	}
	return errors.Is(context.Cause(sctx), errReconnect), err
}

// errReconnect is the cause of a session ended by Reconnect.
var errReconnect = errors.New("imapsync: connection dropped to reconnect")

// Wake makes the runner stop waiting (backoff, poll interval or IDLE) and
// sync every folder at once, reconnecting first when it is offline. It
// never blocks and is safe from any goroutine, before Run starts and after
// it ended (a wake-up before Run is absorbed by Run's first sync).
func (r *Runner) Wake() {
	r.mu.Lock()
	r.wakeFull = true
	r.mu.Unlock()
	r.waker.Signal()
}

// WakeFor is Wake for a change to some folders only (a user action): the
// queued actions are replayed and just those folders are synced, not
// every folder of the account. Safe like Wake.
func (r *Runner) WakeFor(folders ...string) {
	r.mu.Lock()
	if r.wakeFolders == nil {
		r.wakeFolders = map[string]bool{}
	}
	for _, f := range folders {
		r.wakeFolders[f] = true
	}
	r.mu.Unlock()
	r.waker.Signal()
}

// takeWake returns what the wake-ups since the last call asked for: a
// full sync, or the folders to sync.
func (r *Runner) takeWake() (full bool, folders []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	full = r.wakeFull || len(r.wakeFolders) == 0
	for f := range r.wakeFolders {
		folders = append(folders, f)
	}
	slices.Sort(folders)
	r.wakeFull, r.wakeFolders = false, nil
	return full, folders
}

// Reconnect is Wake for when the connection may be dead (the machine
// slept, the network changed): it drops the current session, resets the
// backoff, connects afresh and syncs everything. Safe like Wake.
func (r *Runner) Reconnect() {
	r.mu.Lock()
	drop := r.drop
	r.mu.Unlock()
	if drop != nil {
		drop()
	}
	r.Wake()
}

// NeedsUser: failures that retrying cannot fix (a wrong password, a
// certificate that changed); retrying a login could lock the account.
func NeedsUser(err error) bool {
	te, ok := transport.As(err)
	return ok && te.Retry == transport.RetryNo && te.Step != transport.StepConnect
}

// session syncs everything once, then follows the Inbox until the
// connection fails.
func (r *Runner) session(ctx context.Context, conn IdleConn) error {
	e := *r.Engine
	e.OnProgress = func(p Progress) {
		r.set(func(s *Status) { s.State, s.Progress = StateSyncing, p })
		if r.Engine.OnProgress != nil {
			r.Engine.OnProgress(p)
		}
	}
	r.set(func(s *Status) { s.State, s.Err, s.Progress = StateSyncing, nil, Progress{Started: time.Now()} })
	if e.Logger != nil {
		e.Logger.Info("connected, syncing")
	}
	r.waker.Drain() // this sync answers any wake-up so far
	r.takeWake()
	if err := r.beforeSync(ctx, conn); err != nil {
		return err
	}
	if _, err := e.Sync(ctx, conn); err != nil {
		return err
	}
	r.online()
	inbox := r.Inbox
	if inbox == "" {
		inbox = "INBOX"
	}
	missedOnce := false
	for {
		mb, err := conn.Select(ctx, inbox, true)
		if err != nil {
			return err
		}
		// Mail that arrived after the Inbox was last synced and before this
		// SELECT is no news to IDLE, which reports only what comes later:
		// the Inbox is synced again now instead of at the next poll. Once
		// in a row, so that a state the store cannot keep never spins.
		woken := false
		if missed := !missedOnce && r.missed(ctx, inbox, mb); missed {
			missedOnce = true
		} else {
			missedOnce = false
			if woken, err = r.waitForNews(ctx, conn); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		if err := r.beforeSync(ctx, conn); err != nil {
			return err
		}
		switch full, folders := r.takeWake(); {
		case woken && full:
			r.set(func(s *Status) { s.State, s.Progress = StateSyncing, Progress{Started: time.Now()} })
			if _, err := e.Sync(ctx, conn); err != nil {
				return err
			}
		case woken:
			r.set(func(s *Status) { s.State, s.Progress = StateSyncing, Progress{Started: time.Now()} })
			for _, f := range folders {
				if res := e.SyncFolder(ctx, conn, f); res.Err != nil {
					return res.Err
				}
			}
		default:
			if res := e.SyncFolder(ctx, conn, inbox); res.Err != nil {
				return res.Err
			}
		}
		r.online()
	}
}

func (r *Runner) beforeSync(ctx context.Context, conn IdleConn) error {
	if r.BeforeSync == nil {
		return nil
	}
	return r.BeforeSync(ctx, conn)
}

// missed says whether the selected Inbox mb holds mail the last sync of
// it did not see (its next UID or UID validity moved on since).
func (r *Runner) missed(ctx context.Context, inbox string, mb *imap.Mailbox) bool {
	if mb == nil || mb.UIDNext == 0 || r.Engine.Store == nil {
		return false
	}
	st, err := r.Engine.Store.FolderState(ctx, inbox)
	if err != nil || st.UIDNext == 0 {
		return false
	}
	return st.UIDValidity != mb.UIDValidity || st.UIDNext != uint32(mb.UIDNext)
}

func (r *Runner) online() {
	r.set(func(s *Status) { s.State, s.Err, s.LastSynced = StateOnline, nil, time.Now() })
}

// waitForNews returns when the selected folder changed, when the poll
// interval passed (a health check: the resync that follows proves the
// connection works), or when Wake was called (woken).
func (r *Runner) waitForNews(ctx context.Context, conn IdleConn) (woken bool, err error) {
	poll := r.Poll
	if poll <= 0 {
		poll = 5 * time.Minute
	}
	ictx, cancel := context.WithTimeout(ctx, poll)
	defer cancel()
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		select {
		case <-r.waker.C():
			woken = true
			cancel()
		case <-ictx.Done():
		}
	}()
	err = conn.Idle(ictx, func(u imap.Update) { cancel() })
	if errors.Is(err, imap.ErrUnsupported) {
		<-ictx.Done()
		err = nil
	}
	cancel()
	<-watched
	return woken, err
}
