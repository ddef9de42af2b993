package ui_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wren/ui/mailview"
)

const plansMail = `From: Ana Souza <ana@example.org>
To: Robin Demo <demo@wren.example>
Subject: Plans for the garden
Date: Mon, 01 Dec 2025 09:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

The plan is attached.

--b1
Content-Type: application/x-wren-unknown
Content-Disposition: attachment; filename="plan.xyz"
Content-Transfer-Encoding: base64

cGxhbiBvZiB0aGUgZ2FyZGVu

--b1--
`

const offersMail = `From: Shop <news@shop.example>
To: Robin Demo <demo@wren.example>
Subject: Offers with pictures
Date: Mon, 01 Dec 2025 08:00:00 +0000
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<html><body><h1>Offers</h1>
<p><img src="https://cdn.shop.example/banner.jpg" width="600" height="200" alt="Banner"></p>
<p>Our best deals.</p></body></html>
`

// button finds an enabled, visible button of the window by its text:
// the topmost (a dialog's before the window's below it).
func (p probeJSON) button(text string) (mailview.Rect, bool) {
	for i := len(p.Shown.Buttons) - 1; i >= 0; i-- {
		if b := p.Shown.Buttons[i]; b.Text == text && b.Enabled && b.W > 0 {
			return b.Rect, true
		}
	}
	return mailview.Rect{}, false
}

// clickUntil clicks r until ok says the click took (at most three
// times, 5 s apart): a click that lands while the pane is still laid out
// again is lost, as a person's would be, and a person clicks again.
func (w *realWin) clickUntil(r mailview.Rect, what string, ok func(probeJSON) bool) probeJSON {
	w.t.Helper()
	var p probeJSON
	for range 3 {
		w.click(r)
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			if p = w.read(); ok(p) {
				return p
			}
		}
	}
	w.t.Fatalf("%s: never after three clicks; shown %q", what, p.Shown.Texts)
	return p
}

// openSubject opens the message with subject by keys (Ctrl+] from the
// first row) and returns the probe once it is rendered.
func (w *realWin) openSubject(subject string, rows int) probeJSON {
	w.t.Helper()
	p := w.read()
	w.click(rectBelow(p.List, 24))
	for i := 0; i < rows; i++ {
		p = w.until("a message rendered", func(p probeJSON) bool {
			return p.SelectedID != 0 && p.Reader.ID == p.SelectedID && p.Reader.Ready
		})
		if p.Selected == subject {
			return p
		}
		w.key("ctrl+bracketright")
		w.until("the next message", func(q probeJSON) bool { return q.SelectedID != p.SelectedID })
	}
	w.t.Fatalf("no message %q among %d rows", subject, rows)
	return p
}

// The demo in the real window, driven by real X events: opening an
// attachment no program opens says so with the fix, its Save… saves
// through the file dialog and says where; remote content is never
// offered in the demo and the reader says why.
func TestRealWindowNoSilentFailures(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	wrenBinary(t) // built before HOME moves (the build cache lives there)
	mail := t.TempDir()
	for name, body := range map[string]string{"plans.eml": plansMail, "offers.eml": offersMail} {
		if err := os.WriteFile(filepath.Join(mail, name), []byte(strings.ReplaceAll(body, "\n", "\r\n")), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// An xdg-open that finds no program for the file, as on a desktop
	// without a viewer for this type (exit status 3).
	bin := t.TempDir()
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\nexit 3\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	home := t.TempDir() // where the file dialog starts
	t.Setenv("HOME", home)

	w := startWindow(t, "^Wren.*Demo", "--demo-mail", mail)
	w.until("both messages listed", func(p probeJSON) bool { return p.Rows == 2 })

	p := w.openSubject("Offers with pictures", 2)
	if _, ok := p.button("Load remote content"); ok {
		t.Error("the demo offers to load remote content")
	}
	if !p.shows("The demo never loads remote content") {
		t.Errorf("the reader does not say why remote content stays out: %q", p.Shown.Texts)
	}

	p = w.openSubject("Plans for the garden", 2)
	open, ok := p.button("Open")
	if !ok {
		t.Fatalf("no Open button for the attachment: %+v", p.Shown.Buttons)
	}
	p = w.clickUntil(open, "the no-program message", func(p probeJSON) bool { return p.shows("Save it and open it from your file manager") })
	if !p.shows(`"plan.xyz"`) {
		t.Errorf("the message does not name the file: %q", p.Shown.Texts)
	}
	save, ok := p.button("Save…")
	if !ok {
		t.Fatalf("the message offers no Save…: %+v", p.Shown.Buttons)
	}
	p = w.clickUntil(save, "the save dialog", func(p probeJSON) bool { _, ok := p.button("Save"); return ok })
	confirm, _ := p.button("Save")
	w.click(confirm)
	want := `Saved "plan.xyz" in ` + home + "."
	w.until("the saved notice", func(p probeJSON) bool { return p.shows(want) })
	if b, err := os.ReadFile(filepath.Join(home, "plan.xyz")); err != nil || string(b) != "plan of the garden" {
		t.Errorf("saved file: %q, %v", b, err)
	}
}
