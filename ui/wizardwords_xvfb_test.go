package ui_test

import (
	"strings"
	"testing"
	"time"

	"wren/transport/testdns"
)

// shows says whether some visible text of the window holds s.
func (p probeJSON) shows(s string) bool {
	for _, t := range p.Shown.Texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// count is how many visible texts hold s.
func (p probeJSON) count(s string) int {
	n := 0
	for _, t := range p.Shown.Texts {
		n += strings.Count(t, s)
	}
	return n
}

// The setup wizard in the real window, typed into with real keys: a
// domain with no settings anywhere gets the usual server names, labelled
// a guess; both guessed servers refuse the connection, and the result
// explains that once, for both, without promising a retry nobody makes.
func TestRealWindowWizardWordsPromiseOnlyWhatHappens(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	// The usual names exist but nothing listens on their ports.
	dns := testdns.New(t,
		"imap.example.test. 60 IN A 127.0.0.1",
		"smtp.example.test. 60 IN A 127.0.0.1",
	)
	t.Setenv("WREN_DNS", dns.Addr)
	w := startWindow(t, "^Add a mail account$")
	w.until("the wizard painted", func(p probeJSON) bool { return len(p.Shown.Buttons) > 0 })
	time.Sleep(time.Second) // the first frame drawn and taking keys, as in the wizard's other test
	w.key("Tab")
	w.do("type", "--delay", "40", "Alice Example")
	w.key("Tab")
	w.do("type", "--delay", "40", "alice@example.test")
	w.key("Tab")
	w.do("type", "--delay", "40", "correct-horse")
	w.key("Return")

	p := w.until("the settings with the usual names", func(p probeJSON) bool {
		return p.shows("imap.example.test") || p.count("From: ") >= 2
	})
	if got := p.count("From: Wren's guess at the usual server names"); got != 2 {
		t.Errorf("%d servers labelled a guess, want 2; shown: %q", got, p.Shown.Texts)
	}
	if p.shows("typed by hand") {
		t.Errorf("a guessed server is labelled as typed: %q", p.Shown.Texts)
	}
	// Tall enough that Continue is on screen without scrolling.
	p = w.resize(1100, 1000)
	clicked := false
	for _, b := range p.Shown.Buttons {
		if b.Text == "Continue" && b.Enabled && b.Y+b.H <= p.Height {
			w.click(b.Rect)
			clicked = true
		}
	}
	if !clicked {
		t.Fatalf("no enabled Continue on screen: %+v", p.Shown.Buttons)
	}
	p = w.until("the result", func(p probeJSON) bool { return p.shows("Checked your settings") })
	if got := p.count("Check the port"); got != 1 {
		t.Errorf("the advice shows %d times, want once: %q", got, p.Shown.Texts)
	}
	if !p.shows("failed the same way: this applies to both") {
		t.Errorf("the explanation does not say it applies to both servers: %q", p.Shown.Texts)
	}
	if p.shows("Wren will try again") {
		t.Errorf("the wizard promises a retry nothing makes: %q", p.Shown.Texts)
	}
}
