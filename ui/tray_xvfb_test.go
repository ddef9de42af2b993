package ui_test

import (
	"testing"
	"time"
)

// The real program's tray icon is called "Wren" (title and tooltip), not
// by its app ID, as a plain `go build` without packaged metadata did.
func TestRealWindowTrayTitle(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	watcher := startTrayWatcher(t)
	w := startWindow(t, "^Wren.*Demo", "--demo")
	pid := w.cmd.Process.Pid

	// Checked as soon as the item registers: it has its title from the
	// start, not after a moment as the wrong one.
	deadline := time.Now().Add(20 * time.Second)
	var items []trayItem
	for {
		if items = watcher.Items(t); len(items) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no tray item registered within 20 s\n%s", w.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if len(items) != 1 {
		t.Fatalf("tray items %+v, want one", items)
	}
	it := items[0]
	if it.PID != pid {
		t.Errorf("tray item from pid %d, want the window's %d", it.PID, pid)
	}
	if it.Title != "Wren" || it.ToolTip != "Wren" {
		t.Errorf("tray item title %q, tooltip %q; want both \"Wren\"", it.Title, it.ToolTip)
	}

	// An item whose process has gone is no longer listed.
	w.cmd.Process.Kill()
	w.cmd.Wait()
	deadline = time.Now().Add(10 * time.Second)
	for len(watcher.Items(t)) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the tray item is still listed after its process ended")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
