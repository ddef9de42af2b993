package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"wren/transport/testdns"
	"wren/transport/testserver"
	"wren/ui/mailview"
)

// An account added through File → Add account… in the running window
// (the wizard typed into with real keys) syncs at once: its folders and
// mail show without a restart while the first account syncs on; removed,
// it leaves the window and its sync stops. The real program, the real
// Dovecot and Postfix, the real keyring, under a window manager.
func TestRealWindowAddAndRemoveAccountLive(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	srv := testserver.Require(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	u1, u2 := srv.NewUser(t), srv.NewUser(t)
	c1 := srv.Client(t, ctx, u1)
	c2 := srv.Client(t, ctx, u2)
	testserver.Append(t, ctx, c1, u1.Address, "first account hello")
	testserver.Append(t, ctx, c2, u2.Address, "second account hello")

	// The profile starts with one account, added by the command line.
	profile := t.TempDir()
	cli := exec.CommandContext(ctx, wrenBinary(t), "--profile", profile, "account", "add", u1.Address, "--password-stdin", "--name", "First",
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address())
	cli.Stdin = strings.NewReader(u1.Password + "\n")
	cli.Env = append(cli.Environ(), "SSL_CERT_FILE="+srv.CAFile)
	if out, err := cli.CombinedOutput(); err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	wizardFinds(t, srv)

	start := time.Now()
	w := startWindow(t, "^Wren$", "--profile", profile)
	p := w.until("the first account's mail", func(p probeJSON) bool {
		return len(p.Accounts) == 1 && slices.Contains(p.Accounts[0].Folders, "INBOX") && slices.Contains(p.Subjects, "first account hello")
	})

	w.chooseFile(p, "Add account…")
	w.addThroughWizard(ctx, "Add account", "Second", u2)
	saved := time.Now()

	// Without a restart: the second account's folders, mail and status
	// line show, and the first account syncs on.
	w.until("the second account's mail", func(p probeJSON) bool {
		return len(p.Accounts) == 2 && p.Accounts[1].Name == "Second" && slices.Contains(p.Accounts[1].Folders, "INBOX") &&
			slices.Contains(p.Subjects, "second account hello")
	})
	t.Logf("the second account's mail shown %.1f s after it was saved", time.Since(saved).Seconds())
	testserver.Append(t, ctx, c1, u1.Address, "first account later")
	w.until("the first account's new mail", func(p probeJSON) bool { return slices.Contains(p.Subjects, "first account later") })
	t.Logf("added and synced %.1f s after the window opened", time.Since(start).Seconds())

	// Removed in Settings → Accounts: chosen, Remove account…, Yes.
	w.key("ctrl+comma")
	const settings = "Wren Settings"
	sw := findWindow(t, ctx, "^"+settings+"$")
	w.do("windowactivate", "--sync", sw)
	pick := w.objectIn(settings, "select", "First")
	w.clickIn(sw, pick.Rect)
	// The choices, opened, take the keyboard.
	w.do("key", "--window", sw, "--delay", "100", "Down", "Down", "Return")
	w.objectIn(settings, "select", "Second")
	w.clickIn(sw, w.objectIn(settings, "button", "Remove account…").Rect)
	question := w.objectIn(settings, "label", "")
	if !strings.Contains(question.Text, "Remove Second from Wren?") {
		t.Errorf("the question: %q", question.Text)
	}
	w.clickIn(sw, w.objectIn(settings, "button", "Yes").Rect)
	w.until("the second account gone", func(p probeJSON) bool {
		return len(p.Accounts) == 1 && p.Accounts[0].Name == "First" && !slices.Contains(p.Subjects, "second account hello")
	})
	waitLog(t, ctx, w, regexp.MustCompile(`account sync stopped" account=Second`))
	testserver.Append(t, ctx, c1, u1.Address, "first account after removal")
	w.until("the first account syncing on", func(p probeJSON) bool { return slices.Contains(p.Subjects, "first account after removal") })
	t.Logf("whole test %.1f s after the window opened", time.Since(start).Seconds())
}

// probeWindow and probeObject are the other windows in the probe (see
// ui/probewindows.go).
type probeWindow struct {
	Title   string
	Objects []probeObject
}

type probeObject struct {
	Kind, Text string
	Enabled    bool
	mailview.Rect
}

// shown returns the enabled object of kind whose text starts with text
// in the window titled title, if it shows one now.
func (w *realWin) shown(title, kind, text string) (probeObject, bool) {
	w.t.Helper()
	for _, win := range w.read().Windows {
		if win.Title != title {
			continue
		}
		for _, o := range win.Objects {
			if o.Kind == kind && o.Enabled && strings.HasPrefix(o.Text, text) {
				return o, true
			}
		}
	}
	return probeObject{}, false
}

// waitFor polls ok for up to d.
func waitFor(ctx context.Context, d time.Duration, ok func() bool) bool {
	deadline := time.Now().Add(d)
	for !ok() {
		if time.Now().After(deadline) || ctx.Err() != nil {
			return false
		}
		time.Sleep(100 * time.Millisecond)
	}
	return true
}

// objectIn waits until the app's window titled title shows an enabled
// object of kind whose text starts with text, and returns it.
func (w *realWin) objectIn(title, kind, text string) probeObject {
	w.t.Helper()
	var found probeObject
	w.until(title+" shows "+kind+" "+text, func(p probeJSON) bool {
		for _, win := range p.Windows {
			if win.Title != title {
				continue
			}
			for _, o := range win.Objects {
				if o.Kind == kind && o.Enabled && strings.HasPrefix(o.Text, text) {
					found = o
					return true
				}
			}
		}
		return false
	})
	return found
}

// clickIn clicks the middle of r in the X window win.
func (w *realWin) clickIn(win string, r mailview.Rect) {
	w.t.Helper()
	w.do("mousemove", "--window", win, "--sync", strconv.Itoa(int(r.X+r.W/2)), strconv.Itoa(int(r.Y+r.H/2)))
	w.do("click", "1")
}

// In the demo, File → Add account… adds the user's own account to the
// user's profile (never to the demo) and opens it in its own window
// beside the demo, syncing at once; the demo keeps only its own account.
func TestRealWindowDemoAddsOwnAccount(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	srv := testserver.Require(t)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	u := srv.NewUser(t)
	testserver.Append(t, ctx, srv.Client(t, ctx, u), u.Address, "own account hello")
	wizardFinds(t, srv)
	profile := t.TempDir()

	start := time.Now()
	w := startWindow(t, "Demo account", "--demo", "--profile", profile)
	p := w.until("the demo's mail", func(p probeJSON) bool {
		return len(p.Accounts) == 1 && p.Accounts[0].Name == "Demo" && len(p.Subjects) > 0
	})
	w.chooseFile(p, "Add account…")
	w.addThroughWizard(ctx, "Add your account", "Own", u)

	// The user's own window: a second session window, probed at path-2.
	own := *w
	own.win, own.probe = findWindow(t, ctx, "^Wren$"), w.probe+"-2"
	own.until("the own account's mail in its window", func(p probeJSON) bool {
		return len(p.Accounts) == 1 && p.Accounts[0].Name == "Own" && slices.Contains(p.Subjects, "own account hello")
	})
	if p := w.read(); len(p.Accounts) != 1 || p.Accounts[0].Name != "Demo" || slices.Contains(p.Subjects, "own account hello") {
		t.Errorf("the demo changed: %+v, %q", p.Accounts, p.Subjects)
	}
	if b, err := os.ReadFile(filepath.Join(profile, "accounts.json")); err != nil || !strings.Contains(string(b), u.Address) || strings.Contains(string(b), `"Demo"`) {
		t.Errorf("the profile: %s, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(profile, "data", "mail.db")); err != nil {
		t.Errorf("the own account's store: %v", err)
	}
	t.Logf("own account syncing %.1f s after the demo opened", time.Since(start).Seconds())
}

// wizardFinds lets the wizard find the test servers for their domain as
// a person's would find theirs: SRV records (RFC 6186/8314) from the
// DNS server the program asks (WREN_DNS), and a certificate it trusts.
func wizardFinds(t *testing.T, srv *testserver.Servers) {
	t.Helper()
	host := "mail." + srv.Domain
	dns := testdns.New(t,
		"_imaps._tcp."+srv.Domain+". 60 IN SRV 0 1 "+strconv.Itoa(srv.IMAPTLS.Port)+" "+host+".",
		"_submissions._tcp."+srv.Domain+". 60 IN SRV 0 1 "+strconv.Itoa(srv.SubmitTLS.Port)+" "+host+".",
		host+". 60 IN A "+srv.IMAPTLS.Host,
	)
	t.Setenv("WREN_DNS", dns.Addr)
	t.Setenv("SSL_CERT_FILE", srv.CAFile)
}

// chooseFile picks label in the File menu by keyboard: Alt opens the
// menu bar on File, Down walks its items (p lists them), Return picks.
func (w *realWin) chooseFile(p probeJSON, label string) {
	w.t.Helper()
	at := slices.Index(p.FileMenu, label)
	if at < 0 {
		w.t.Fatalf("the File menu has no %s: %q", label, p.FileMenu)
	}
	w.key("alt")
	for range at + 1 {
		w.key("Down")
	}
	w.key("Return")
}

// addThroughWizard types u's account into the setup wizard window titled
// title as a person does (name, address, password, Enter), continues
// past the servers found and finishes, and waits until it is saved.
func (w *realWin) addThroughWizard(ctx context.Context, title, name string, u testserver.User) {
	w.t.Helper()
	wiz := findWindow(w.t, ctx, "^"+title+"$")
	// Tall enough, and placed so, that every button of the wizard is on
	// the screen (1920×1200 under .ci/with-display).
	w.do("windowsize", "--sync", wiz, "720", "820")
	w.do("windowmove", "--sync", wiz, "40", "40")
	w.do("windowactivate", "--sync", wiz)
	time.Sleep(500 * time.Millisecond) // painted and ready for input
	w.do("key", "--window", wiz, "Tab")
	w.do("type", "--delay", "20", name)
	w.do("key", "Tab")
	w.do("type", "--delay", "20", u.Address)
	w.do("key", "Tab")
	w.do("type", "--delay", "20", u.Password)
	w.do("key", "Return")
	// The servers found are shown; Continue checks them, Finish saves.
	// A click that lands while the page is still laying out is lost (as
	// a person's would be): it is clicked again until the page moves on.
	saved := regexp.MustCompile(`account saved" name=` + regexp.QuoteMeta(name))
	for i := 0; ; i++ {
		if i == 5 {
			b, _ := json.Marshal(w.read().Windows)
			w.t.Fatalf("the wizard never finished\n%s\n%s", b, w.logs.String())
		}
		if b, ok := w.shown(title, "button", "Finish"); ok {
			w.clickIn(wiz, b.Rect)
		} else if b, ok := w.shown(title, "button", "Continue"); ok {
			w.clickIn(wiz, b.Rect)
		}
		if waitFor(ctx, 3*time.Second, func() bool { return saved.MatchString(w.logs.String()) }) {
			break
		}
	}
}

// findWindow waits for a window whose title matches the regular
// expression and returns its X id.
func findWindow(t *testing.T, ctx context.Context, title string) string {
	t.Helper()
	win, err := searchWindow(ctx, title, 30*time.Second)
	if err != nil {
		t.Fatalf("no window %q: %v", title, err)
	}
	return win
}

// searchWindow waits up to d for a window titled title (a regular
// expression) and returns its X id.
func searchWindow(ctx context.Context, title string, d time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--sync", "--name", title).Output()
	if err != nil || len(strings.Fields(string(out))) == 0 {
		return "", fmt.Errorf("none in %v: %v", d, err)
	}
	return strings.Fields(string(out))[0], nil
}

// waitLog waits for a line of the program's log matching re.
func waitLog(t *testing.T, ctx context.Context, w *realWin, re *regexp.Regexp) {
	t.Helper()
	for !re.MatchString(w.logs.String()) {
		select {
		case <-ctx.Done():
			t.Fatalf("the log never said %s\n%s", re, w.logs.String())
		case <-time.After(200 * time.Millisecond):
		}
	}
}
