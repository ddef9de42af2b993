package ui

import (
	"sync"
	"time"

	"wren/account/imapsync"
)

// liveEvery is how often a running sync reloads the window's lists.
const liveEvery = time.Second

// liveRefresh decides which status changes reload the window's lists: the
// end of a sync, its first saved batch (the newest rows show at once, not
// when the whole first sync is done) and, while it runs, at most one more
// every interval. Safe for concurrent use: each account's runner reports
// on its own goroutine.
type liveRefresh struct {
	every time.Duration
	now   func() time.Time

	mu   sync.Mutex
	last map[string]time.Time // per account: the last reload of this sync
}

func newLiveRefresh(every time.Duration, now func() time.Time) *liveRefresh {
	return &liveRefresh{every: every, now: now, last: map[string]time.Time{}}
}

// due reports whether st should reload the lists.
func (l *liveRefresh) due(account string, st imapsync.Status) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch st.State {
	case imapsync.StateOnline:
		delete(l.last, account)
		return true
	case imapsync.StateSyncing:
		if st.Progress.Done == 0 { // a sync starting: its first batch reloads at once
			delete(l.last, account)
			return false
		}
		t := l.now()
		if last, ok := l.last[account]; ok && t.Sub(last) < l.every {
			return false
		}
		l.last[account] = t
		return true
	}
	return false
}
