package ui_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"wren/account/demo"
	"wren/transport/testcorpus"
)

// The reader fits its pane in the real window (issue #18): the demo is
// filled with the HTML and remote-content corpus, and every message is
// opened in turn with the keyboard (Ctrl+], from the first) at 800×600,
// then back up (Ctrl+[) at the default 1100×700. No message pushes the split between list and reader (the pane
// keeps its share, so nothing scrolls the pane sideways), the reader's
// content needs no more than the pane's width, and every button it shows
// (Load remote content, Always for this sender, View source, Next, …) is
// wholly inside the pane.
func TestRealWindowReaderFitsPane(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	mail := t.TempDir()
	n := 0
	for _, folder := range []string{"html", "remote-content"} {
		dir := filepath.Join(testcorpus.Dir(t), folder)
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if filepath.Ext(e.Name()) != ".eml" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if demo.Servable(b) == nil { // the demo leaves the rest out
				n++
			}
			if err := os.WriteFile(filepath.Join(mail, e.Name()), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	w := startWindow(t, "^Wren.*Demo", "--demo-mail", mail)
	w.until("the corpus listed", func(p probeJSON) bool { return p.Rows == n })

	for _, size := range []struct {
		w, h, open int
		step       string
	}{{800, 600, n, "ctrl+bracketright"}, {1100, 700, 20, "ctrl+bracketleft"}} {
		p := w.resize(size.w, size.h)
		if size.step == "ctrl+bracketright" {
			w.click(rectBelow(p.List, 24)) // the first row
		}
		seen := map[int64]bool{}
		for i := 0; i < size.open; i++ {
			p = w.until("the open message rendered", func(p probeJSON) bool {
				return p.SelectedID != 0 && !seen[p.SelectedID] && p.Reader.ID == p.SelectedID && p.Reader.Ready && laidOut(p)
			})
			seen[p.SelectedID] = true
			checkReaderFits(t, size.w, p)
			if i+1 < size.open {
				w.key(size.step)
			}
		}
	}
}

func checkReaderFits(t *testing.T, width int, p probeJSON) {
	t.Helper()
	pane, list := p.Reader.Pane, p.List
	at := fmt.Sprintf("%d px, %q", width, p.Selected)
	if share := list.W / (list.W + pane.W); share < 0.42 || share > 0.48 {
		t.Errorf("%s: the list has %.0f px and the reader %.0f px: the message pushed the split (list share %.2f, want 0.45)",
			at, list.W, pane.W, share)
	}
	if pane.X+pane.W > p.Width+1 {
		t.Errorf("%s: the reader pane ends at %.0f px in a %.0f px window", at, pane.X+pane.W, p.Width)
	}
	if p.Reader.MinWidth > pane.W {
		t.Errorf("%s: the reader needs %.0f px in a %.0f px pane", at, p.Reader.MinWidth, pane.W)
	}
	if len(p.Reader.Buttons) == 0 {
		t.Errorf("%s: the reader shows no buttons", at)
	}
	for _, b := range p.Reader.Buttons {
		if b.X < pane.X-1 || b.X+b.W > pane.X+pane.W+1 || b.Y+b.H > p.Height || b.W < 24 {
			t.Errorf("%s: %q at %+v is not wholly inside the pane %+v", at, b.Label, b.Rect, pane)
		}
	}
}

// laidOut says the reader's buttons have their places (a probe taken
// between showing a message and the next frame sees them at 0,0).
func laidOut(p probeJSON) bool {
	for _, b := range p.Reader.Buttons {
		if b.X == 0 && b.Y == 0 {
			return false
		}
	}
	return true
}

// A link whose words hold a bidi override is shown neutralized in the
// real window (issue #21's reader item): the demo opens such a message
// from --demo-mail and the link reads "invoice⟨U+202E⟩fdp.exe".
func TestRealWindowLinkBidiNeutralized(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	mail := t.TempDir()
	raw := "From: Billing <billing@example.org>\nTo: demo@wren.example\nSubject: Your invoice\nDate: Mon, 7 Dec 2026 09:00:00 +0000\n" +
		"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n" +
		"<p>Your invoice: <a href=\"https://files.example/invoice\">invoice\u202Efdp.exe</a></p>\n"
	if err := os.WriteFile(filepath.Join(mail, "bidi.eml"), []byte(raw), 0o600); err != nil {
		t.Fatal(err)
	}
	w := startWindow(t, "^Wren.*Demo", "--demo-mail", mail)
	w.until("the message listed", func(p probeJSON) bool { return p.Rows == 1 })
	w.press("Down")
	p := w.until("the message open", func(p probeJSON) bool { return p.Reader.Ready && len(p.Reader.Links) > 0 })
	if got := p.Reader.Links[0]; got != "invoice⟨U+202E⟩fdp.exe" {
		t.Errorf("the link reads %q, want the override shown as ⟨U+202E⟩", got)
	}
}
