package mailview

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"wren/account/imapsync"
)

// Get mail shows that it is checking: the words stay until the account's
// sync has reported back and they were up long enough to be seen, then
// the line says when mail was last checked.
func TestGetMailSaysItIsChecking(t *testing.T) {
	w := newWired(t)
	var seen func()
	afterCheck = func(_ time.Duration, f func()) { seen = f }
	t.Cleanup(func() { afterCheck = func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) } })
	clock := time.Date(2026, 12, 7, 14, 2, 0, 0, time.Local)
	w.v.now = func() time.Time { return clock }
	line := w.v.status.lines["work"]

	w.v.applyStatus("work", imapsync.Status{State: imapsync.StateOnline, LastSynced: clock.Add(-time.Hour)})
	w.v.do(w.v.cmd("getmail"))
	if got := line.text.Text; got != "work: checking for new mail…" {
		t.Fatalf("after Get mail the line says %q", got)
	}
	// The sync is done at once: the words stay until they were seen.
	w.v.applyStatus("work", imapsync.Status{State: imapsync.StateOnline, LastSynced: clock.Add(time.Second)})
	if got := line.text.Text; !strings.Contains(got, "checking") {
		t.Errorf("a check done in a blink replaced the words at once: %q", got)
	}
	seen()
	if got := line.text.Text; got != "work: online, checked "+clock.Add(time.Second).Format("15:04") {
		t.Errorf("after the check the line says %q", got)
	}

	// A slow check: still checking when the words were seen; the end of
	// its sync shows at once.
	clock = clock.Add(time.Minute)
	w.v.do(w.v.cmd("getmail"))
	seen()
	if got := line.text.Text; !strings.Contains(got, "checking") {
		t.Errorf("a check still running: %q", got)
	}
	w.v.applyStatus("work", imapsync.Status{State: imapsync.StateOnline, LastSynced: clock.Add(time.Second)})
	if got := line.text.Text; strings.Contains(got, "checking") {
		t.Errorf("the check ended but the line says %q", got)
	}
}

// While Get mail checks, a sync with nothing to fetch keeps the words;
// one that fetches new mail shows its progress.
func TestGetMailCheckingThroughTheSync(t *testing.T) {
	w := newWired(t)
	afterCheck = func(time.Duration, func()) {}
	t.Cleanup(func() { afterCheck = func(d time.Duration, f func()) { time.AfterFunc(d, func() { fyne.Do(f) }) } })
	line := w.v.status.lines["work"]
	w.v.do(w.v.cmd("getmail"))
	w.v.applyStatus("work", imapsync.Status{State: imapsync.StateSyncing})
	if got := line.text.Text; got != "work: checking for new mail…" {
		t.Errorf("a sync with nothing to fetch replaced the words: %q", got)
	}
	w.v.applyStatus("work", imapsync.Status{State: imapsync.StateSyncing, Progress: imapsync.Progress{Folder: "INBOX", Done: 1, Total: 3}})
	if got := line.text.Text; !strings.Contains(got, "syncing INBOX, 1 of 3") {
		t.Errorf("new mail being fetched: %q", got)
	}
}
