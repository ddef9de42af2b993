package ui_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/account/instance"
	"wren/account/outbox"
	"wren/account/settings"
	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// wrenProcesses lists the running processes of the binary bin whose
// command line names profile.
func wrenProcesses(t *testing.T, bin, profile string) []int {
	t.Helper()
	dirs, err := filepath.Glob("/proc/[0-9]*")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, d := range dirs {
		cmd, err := os.ReadFile(filepath.Join(d, "cmdline"))
		if err != nil {
			continue
		}
		args := strings.Split(string(bytes.TrimRight(cmd, "\x00")), "\x00")
		if args[0] == bin && slices.Contains(args, profile) {
			if stat, _ := os.ReadFile(filepath.Join(d, "stat")); bytes.Contains(stat, []byte(") Z ")) {
				continue // a zombie not yet waited for
			}
			pid, _ := strconv.Atoi(filepath.Base(d))
			pids = append(pids, pid)
		}
	}
	return pids
}

// ownProfile is a new user on the test Dovecot with a profile holding its
// account "Own" (added by the command line), the window trusting the
// test CA, and a context that ends after d.
func ownProfile(t *testing.T, d time.Duration) (context.Context, *testserver.Servers, testserver.User, string) {
	t.Helper()
	srv := testserver.Require(t)
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	u := srv.NewUser(t)
	t.Setenv("SSL_CERT_FILE", srv.CAFile)
	return ctx, srv, u, dovecotProfile(t, ctx, srv, u, "Own")
}

// launch runs the real program again with the profile, as the desktop's
// menu or a mailto: link does, and returns how it ended.
func launch(t *testing.T, ctx context.Context, profile string, args ...string) (exitCode int, output string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, wrenBinary(t), append([]string{"--profile", profile}, args...)...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		t.Fatalf("launch: %v\n%s", err, out)
	}
	return 0, string(out)
}

// activeWindow is the X window that has the keyboard.
func (w *realWin) activeWindow() string {
	w.t.Helper()
	out, err := exec.Command(w.xdo, "getactivewindow").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// A second launch with the same profile (a mailto: link clicked in a
// browser, Wren started again from the menu) hands over to the running
// window and exits: one process, one tray icon, and the composer filled
// from the link; a plain launch brings the main window to the front.
func TestRealWindowSecondLaunchHandsOver(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	ctx, _, _, profile := ownProfile(t, 4*time.Minute)
	// Closing the window keeps Wren in the tray (the user's choice in
	// Settings), as in the run.
	sets, err := settings.Open(profile)
	if err != nil {
		t.Fatal(err)
	}
	keep := sets.Get()
	keep.CloseToTray = true
	if err := sets.Save(keep); err != nil {
		t.Fatal(err)
	}
	watcher := startTrayWatcher(t)
	w := startWindow(t, "^Wren$", "--profile", profile)
	bin := wrenBinary(t)
	w.until("the account", func(p probeJSON) bool { return len(p.Accounts) == 1 })
	trayItems := func() []trayItem {
		deadline := time.Now().Add(20 * time.Second)
		for {
			if items := watcher.Items(t); len(items) > 0 || time.Now().After(deadline) {
				return items
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	if items := trayItems(); len(items) != 1 || items[0].PID != w.cmd.Process.Pid {
		t.Fatalf("before the second launch: tray items %+v; want the window's one", items)
	}

	start := time.Now()
	code, out := launch(t, ctx, profile, "mailto:anna@example.org?subject=Hello%20there&body=Hi%20Anna")
	if code != 0 {
		t.Fatalf("the second launch exited %d:\n%s", code, out)
	}
	t.Logf("the second launch handed over and exited in %v", time.Since(start).Round(time.Millisecond))
	p := w.until("the composer of the mailto: link", func(p probeJSON) bool { return len(p.Composers) == 1 })
	if c := p.Composers[0]; c.To != "anna@example.org" || c.Subject != "Hello there" || !strings.Contains(c.Body, "Hi Anna") {
		t.Fatalf("the composer: %+v", c)
	}
	if pids := wrenProcesses(t, bin, profile); len(pids) != 1 || pids[0] != w.cmd.Process.Pid {
		t.Fatalf("Wren processes on the profile: %v; want only the window's %d", pids, w.cmd.Process.Pid)
	}
	if items := watcher.Items(t); len(items) != 1 || items[0].PID != w.cmd.Process.Pid {
		t.Fatalf("tray items after the second launch: %+v; want one, the window's", items)
	}

	// The composer is in front; Wren started again from the menu brings
	// the main window forward instead of a second one.
	composer := w.other("Hello there")
	if got := w.activeWindow(); got != composer.win {
		t.Fatalf("the composer is not in front (active %s, composer %s)", got, composer.win)
	}
	if code, out := launch(t, ctx, profile); code != 0 {
		t.Fatalf("the plain second launch exited %d:\n%s", code, out)
	}
	deadline := time.Now().Add(20 * time.Second)
	for w.activeWindow() != w.win {
		if time.Now().After(deadline) {
			t.Fatalf("the main window did not come to the front (active %s, main %s)\n%s", w.activeWindow(), w.win, w.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if pids := wrenProcesses(t, bin, profile); len(pids) != 1 {
		t.Fatalf("Wren processes on the profile after the plain launch: %v", pids)
	}
	if n := len(w.read().Composers); n != 1 {
		t.Fatalf("%d composers after the plain launch; want the one", n)
	}

	// Closed to the tray (the window manager's close, Alt+F4 in
	// openbox), then started again: the hidden window comes back.
	visible := func() bool {
		out, _ := exec.Command(w.xdo, "search", "--onlyvisible", "--name", "^Wren$").Output()
		return slices.Contains(strings.Fields(string(out)), w.win)
	}
	// Real key presses (XTEST), which openbox takes as its binding; sent
	// to the window instead (XSendEvent) they left the display in a state
	// where the next test's windows never answered.
	w.do("windowactivate", "--sync", w.win)
	w.press("alt+F4")
	for deadline := time.Now().Add(20 * time.Second); visible(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the main window did not close to the tray")
		}
	}
	if pids := wrenProcesses(t, bin, profile); len(pids) != 1 {
		t.Fatalf("Wren is not running in the tray: %v", pids)
	}
	if code, out := launch(t, ctx, profile); code != 0 {
		t.Fatalf("the launch beside the tray exited %d:\n%s", code, out)
	}
	for deadline := time.Now().Add(20 * time.Second); !visible(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the main window did not come back from the tray\n%s", w.logs.String())
		}
	}
	if pids := wrenProcesses(t, bin, profile); len(pids) != 1 || len(watcher.Items(t)) != 1 {
		t.Fatalf("after coming back from the tray: processes %v, tray items %+v", pids, watcher.Items(t))
	}
}

// The window killed with kill -9 leaves its socket behind: the next
// launch replaces it and starts, and a launch after that hands over to
// the new window. Two launches racing end with one window.
func TestRealWindowKilledThenRelaunched(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	ctx, _, _, profile := ownProfile(t, 4*time.Minute)
	bin := wrenBinary(t)
	paths, err := instance.PathsFor(profile, os.Getenv)
	if err != nil {
		t.Fatal(err)
	}

	first := startWindow(t, "^Wren$", "--profile", profile)
	first.until("the account", func(p probeJSON) bool { return len(p.Accounts) == 1 })
	if err := first.cmd.Process.Kill(); err != nil { // SIGKILL: no clean-up runs
		t.Fatal(err)
	}
	first.cmd.Wait()
	if _, err := os.Stat(paths.Socket); err != nil {
		t.Fatalf("no socket left behind by the killed window: %v", err)
	}

	second := startWindow(t, "^Wren$", "--profile", profile)
	second.until("the account after the restart", func(p probeJSON) bool { return len(p.Accounts) == 1 })
	if code, out := launch(t, ctx, profile, "mailto:bob@example.org?subject=After%20the%20crash"); code != 0 {
		t.Fatalf("a launch beside the restarted window exited %d:\n%s", code, out)
	}
	second.until("the composer in the restarted window", func(p probeJSON) bool {
		return len(p.Composers) == 1 && p.Composers[0].To == "bob@example.org"
	})
	second.cmd.Process.Kill()
	second.cmd.Wait()

	// Two launches at once: one becomes the window, the other hands over
	// to it and exits 0.
	var cmds [2]*exec.Cmd
	var logs [2]*lockedBuffer
	for i := range cmds {
		logs[i] = &lockedBuffer{}
		cmds[i] = exec.Command(bin, "--profile", profile)
		cmds[i].Stderr = logs[i]
		cmds[i].Env = append(os.Environ(), "FYNE_SCALE=1")
	}
	ended := make(chan int, 2)
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			err := c.Wait()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			}
			ended <- code
		}()
		t.Cleanup(func() { c.Process.Kill(); <-done })
	}
	select {
	case code := <-ended:
		if code != 0 {
			t.Fatalf("the launch that lost the race exited %d:\n%s\n%s", code, logs[0].String(), logs[1].String())
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("neither racing launch handed over:\n%s\n%s", logs[0].String(), logs[1].String())
	}
	first.find("the window of the racing launches", 60*time.Second, "--name", "^Wren$")
	time.Sleep(2 * time.Second) // a second window would show by now
	out, _ := exec.Command(first.xdo, "search", "--name", "^Wren$").Output()
	if n := len(strings.Fields(string(out))); n != 1 {
		t.Fatalf("%d main windows after two racing launches; want 1", n)
	}
	if pids := wrenProcesses(t, bin, profile); len(pids) != 1 {
		t.Fatalf("Wren processes after the race: %v; want 1", pids)
	}
}

// The window and two `wren send --flush` processes share one outbox of
// 100 queued messages through the real Postfix: each message reaches the
// server once, and each Sent copy is filed once.
func TestRealWindowOutboxSentOnceBesideCommandLine(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	ctx, srv, u, profile := ownProfile(t, 6*time.Minute)
	bin := wrenBinary(t)

	// 100 messages queued as an earlier run left them, due a little
	// after the window has started, so that all three processes meet
	// them at once.
	const n = 100
	if err := os.MkdirAll(filepath.Join(profile, "data"), 0o700); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(ctx, filepath.Join(profile, "data", "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	due := time.Now().Add(25 * time.Second)
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	for i := range n {
		id := fmt.Sprintf("<%s.%d@wren.test>", run, i)
		raw := "From: " + u.Address + "\r\nTo: " + u.Address + "\r\nSubject: shared outbox " + strconv.Itoa(i) +
			"\r\nMessage-ID: " + id + "\r\nDate: " + time.Now().Format(time.RFC1123Z) + "\r\n\r\nHello.\r\n"
		path, _, err := outbox.WriteMessage(st, func(w io.Writer) error { _, err := io.WriteString(w, raw); return err })
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AddOutbox(ctx, store.OutboxItem{Account: "Own", From: u.Address, To: []string{u.Address},
			File: path, MessageID: id, Next: due}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	w := startWindow(t, "^Wren$", "--profile", profile)
	w.until("the account", func(p probeJSON) bool { return len(p.Accounts) == 1 })
	// Two command lines flush in a loop until the outbox is empty of
	// queued mail (each run sends what is due and leaves).
	var wg sync.WaitGroup
	var mu sync.Mutex
	runs := map[int]int{}
	for k := range 2 {
		wg.Go(func() {
			for ctx.Err() == nil {
				out, err := exec.CommandContext(ctx, bin, "--profile", profile, "send", "--flush", "--json").Output()
				mu.Lock()
				runs[k]++
				mu.Unlock()
				if err != nil {
					if _, ok := err.(*exec.ExitError); !ok {
						t.Errorf("send --flush: %v", err)
						return
					}
				}
				if time.Now().After(due) && !bytes.Contains(out, []byte(`"queued"`)) && !bytes.Contains(out, []byte(`"sending"`)) {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
	wg.Wait()

	// Who sent what: each item names the process that claimed it last.
	st, err = store.Open(ctx, filepath.Join(profile, "data", "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(2 * time.Minute)
	var items []store.OutboxItem
	for {
		items, err = st.OutboxInState(ctx, store.OutboxSent)
		if err != nil {
			t.Fatal(err)
		}
		filed := 0
		for _, it := range items {
			if it.SentCopy {
				filed++
			}
		}
		if len(items) == n && filed == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d sent, %d Sent copies", len(items), n, filed)
		}
		time.Sleep(500 * time.Millisecond)
	}
	by := map[string]int{}
	for _, it := range items {
		by[strings.SplitN(it.Owner, "-", 2)[0]]++
	}
	t.Logf("sent by process: %v (window pid %d); command-line runs %v", by, w.cmd.Process.Pid, runs)
	if len(by) < 2 {
		t.Errorf("one process sent everything (%v): the processes never met over the outbox", by)
	}

	// On the server: each message in the Inbox once (Postfix delivers
	// through Dovecot's LMTP a moment later) and in Sent once.
	c := srv.Client(t, ctx, u)
	count := func(folder string) map[string]int {
		seen := map[string]int{}
		if _, err := c.Select(ctx, folder, true); err != nil {
			t.Fatal(err)
		}
		uids, err := c.UIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(uids) == 0 {
			return seen
		}
		if err := c.FetchSummaries(ctx, uids, 200, func(s imap.Summary) error {
			if s.Envelope != nil && strings.Contains(s.Envelope.MessageID, run) {
				seen[s.Envelope.MessageID]++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return seen
	}
	var inbox map[string]int
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(time.Second) {
		if inbox = count("INBOX"); len(inbox) == n || time.Now().After(deadline) {
			break
		}
	}
	time.Sleep(3 * time.Second) // a second delivery of any would be in by now
	inbox = count("INBOX")
	sent := count("Sent")
	if len(inbox) != n || len(sent) != n {
		t.Fatalf("the server has %d of %d messages in INBOX and %d in Sent", len(inbox), n, len(sent))
	}
	for id, k := range inbox {
		if k != 1 || sent[id] != 1 {
			t.Errorf("%s reached the Inbox %d times and Sent %d times", id, k, sent[id])
		}
	}

	// Two `wren sync` beside the window (which syncs the same account):
	// both finish, and the store holds each message once.
	var syncs sync.WaitGroup
	for range 2 {
		syncs.Go(func() {
			out, err := exec.CommandContext(ctx, bin, "--profile", profile, "sync", "--json").Output()
			var res struct{ OK bool }
			if err != nil || json.Unmarshal(out, &res) != nil || !res.OK {
				t.Errorf("wren sync beside the window: %v\n%s", err, out)
			}
		})
	}
	syncs.Wait()
	folders, err := st.Folders(ctx, "Own")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range folders {
		if want := map[string]int{"INBOX": len(inbox), "Sent": len(sent)}[f.Name]; want != 0 && f.Total != want {
			t.Errorf("the store's %s holds %d messages; the server %d", f.Name, f.Total, want)
		}
	}
}
