package ui

import (
	"testing"
	"time"

	"wren/account/imapsync"
)

func TestLiveRefreshDuringASync(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	l := newLiveRefresh(time.Second, func() time.Time { return now })
	syncing := func(done int) imapsync.Status {
		return imapsync.Status{State: imapsync.StateSyncing, Progress: imapsync.Progress{Done: done, Total: 1000}}
	}
	steps := []struct {
		account string
		st      imapsync.Status
		advance time.Duration
		want    bool
	}{
		{"home", syncing(0), 0, false},                                  // started, nothing saved yet
		{"home", syncing(200), 0, true},                                 // the first batch shows at once
		{"home", syncing(600), 300 * time.Millisecond, false},           // within the interval
		{"work", syncing(100), 0, true},                                 // accounts are apart
		{"home", syncing(800), 800 * time.Millisecond, true},            // a second after the last reload
		{"home", imapsync.Status{State: imapsync.StateOnline}, 0, true}, // the end always reloads
		{"home", syncing(0), 10 * time.Millisecond, false},              // the next sync...
		{"home", syncing(5), 10 * time.Millisecond, true},               // ...shows its first batch at once
		{"home", imapsync.Status{State: imapsync.StateOffline}, 0, false},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if got := l.due(s.account, s.st); got != s.want {
			t.Errorf("step %d (%s %v done %d): due %v, want %v", i, s.account, s.st.State, s.st.Progress.Done, got, s.want)
		}
	}
}
