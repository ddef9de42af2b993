package ui_test

import (
	"fmt"
	"testing"
	"time"

	"wren/account"
	"wren/account/profile"
	"wren/transport"
)

// realProfile is a profile directory with one account whose servers
// refuse connections: the main window opens (and says sync failed).
func realProfile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	p, err := profile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	srv := func(pr account.Protocol) account.Server {
		return account.Server{Protocol: pr, Host: "127.0.0.1", Port: 1, Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword}
	}
	if err := p.Add(account.Account{Name: "Work", Address: "me@wren.test", Incoming: srv(account.IMAP), Outgoing: srv(account.SMTP)}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// quit ends the program with Ctrl+Q, as a user does, and waits for it.
func (w *realWin) quit() {
	w.t.Helper()
	// Typed to the focused window (XTEST), not sent to this one: the
	// window is gone before the keys are released.
	w.do("windowactivate", "--sync", w.win)
	w.do("key", "ctrl+q")
	done := make(chan error, 1)
	go func() { done <- w.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		w.t.Fatalf("Ctrl+Q did not end the program\n%s", w.logs.String())
	}
}

// Two profiles in the real program: the theme chosen from the menu (by
// keys) and the size set through the window manager in one are kept in
// that profile and do not reach the other.
func TestRealWindowProfilesKeepTheirOwnLook(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	one, two := realProfile(t), realProfile(t)

	w := startWindow(t, "^Wren$", "--profile", one)
	first := w.until("the window painted", func(p probeJSON) bool { return p.Width > 0 && p.Look.Background != "" })
	if first.Look.Theme != "system" {
		t.Fatalf("a new profile starts on theme %q", first.Look.Theme)
	}
	system := first.Look.Background
	// The theme the system does not show: View → Theme → Light or Dark,
	// by keys (Alt opens the menu bar; Theme is the View menu's sixth
	// item, then System, Light, Dark).
	choice, downs := "dark", []string{"Down", "Down"}
	if darkHex(t, system) {
		choice, downs = "light", []string{"Down"}
	}
	w.key("alt")
	w.key("Right", "Right", "Right", "Down")
	w.key("Down", "Down", "Down", "Down", "Down", "Right")
	w.key(append(downs, "Return")...)
	chosen := w.until("the "+choice+" theme", func(p probeJSON) bool {
		return p.Look.Theme == choice && p.Look.Background != system
	}).Look.Background
	w.resize(900, 640)
	w.quit()

	w = startWindow(t, "^Wren$", "--profile", two)
	other := w.until("the other profile's window", func(p probeJSON) bool { return p.Width > 0 && p.Look.Background != "" })
	if other.Look.Theme != "system" || other.Look.Background != system {
		t.Errorf("the other profile opened with theme %q, background %s; want system, %s", other.Look.Theme, other.Look.Background, system)
	}
	if other.Width == 900 && other.Height == 640 {
		t.Errorf("the other profile opened at the first one's 900×640")
	}
	w.quit()

	w = startWindow(t, "^Wren$", "--profile", one)
	again := w.until("the first profile's window", func(p probeJSON) bool { return p.Width > 0 && p.Look.Background != "" })
	if again.Look.Theme != choice || again.Look.Background != chosen {
		t.Errorf("the first profile reopened with theme %q, background %s; want %s, %s", again.Look.Theme, again.Look.Background, choice, chosen)
	}
	if again.Width != 900 || again.Height != 640 {
		t.Errorf("the first profile reopened at %v×%v, want 900×640", again.Width, again.Height)
	}
}

// darkHex says whether the colour #rrggbb is a dark one.
func darkHex(t *testing.T, hex string) bool {
	t.Helper()
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		t.Fatalf("background %q: %v", hex, err)
	}
	return r+g+b < 3*128
}
