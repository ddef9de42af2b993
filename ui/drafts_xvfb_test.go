package ui_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"wren/ui/mailview"
)

// Drafts in the real window (issue #18), by real key presses and clicks:
// the demo composer's reply with an attachment is saved with Ctrl+S and
// closed with Ctrl+W; the Drafts folder lists it at once (no Get mail);
// opened there, the reader shows the server copy with its attachment and
// offers no Reply; Return reopens it in the composer, text and attachment
// kept. On the way: the Unified Inbox is highlighted at start, the Drafts
// folder once chosen, nothing during a search, whose results say the
// folder they are in.
func TestRealWindowDraftSavedShownReopened(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	w := startWindow(t, "^Wren.*Demo", "--demo-scene", "compose")
	p := w.until("the demo listed, the composer open with its attachment", func(p probeJSON) bool {
		return p.Rows > 5 && len(p.Composers) == 1 && slices.Equal(p.Composers[0].Attachments, []string{"q3-figures.csv"})
	})
	if p.Highlighted != "Unified Inbox" {
		t.Errorf("at start the tree highlights %q, want the Unified Inbox", p.Highlighted)
	}
	subject := p.Composers[0].Subject

	c := w.other("^Write")
	c.until("typing in the body", func(p probeJSON) bool { return p.Composers[0].Focused == "body" })
	c.typeText("Draft test. ")
	c.pressFor("Ctrl+S saved the draft", func(p probeJSON) bool { return p.Composers[0].Note == "Draft saved." }, "ctrl+s")
	saved := time.Now()
	c.pressFor("Ctrl+W closed the saved composer without asking", func(p probeJSON) bool { return len(p.Composers) == 0 }, "ctrl+w")

	m := w.other("^Wren.*Demo")
	p = m.read()
	drafts := folderRow(t, p, "Drafts")
	m.click(drafts.Rect)
	p = m.until("the saved draft listed in Drafts", func(p probeJSON) bool {
		return p.Highlighted == "Drafts" && slices.Contains(p.Top, subject)
	})
	t.Logf("the draft was listed in Drafts %v after Ctrl+S", time.Since(saved).Round(10*time.Millisecond))

	m.click(rectBelow(p.List, 24+float32(slices.Index(p.Top, subject))*rowStep(p)))
	p = m.until("the draft open in the reader, its attachment from the server copy", func(p probeJSON) bool {
		return p.Selected == subject && p.Reader.ID == p.SelectedID && p.Reader.Ready && p.Reader.Attachments == 1
	})
	if b := button(t, p, "reply"); b.Enabled {
		t.Error("Reply is offered on one's own draft")
	}

	p = m.pressFor("Return reopened the draft with its attachment", func(p probeJSON) bool {
		return len(p.Composers) == 1 && len(p.Composers[0].Attachments) > 0
	}, "Return")
	cp := p.Composers[0]
	if cp.Subject != subject || !strings.Contains(cp.Body, "Draft test.") || !slices.Equal(cp.Attachments, []string{"q3-figures.csv"}) {
		t.Errorf("reopened draft: subject %q, attachments %q, body %q", cp.Subject, cp.Attachments, cp.Body)
	}

	m = w.other("^Wren.*Demo")
	m.press("ctrl+k")
	m.typeText("Budget review")
	m.press("Return")
	p = m.until("search results", func(p probeJSON) bool { return p.Highlighted == "" && slices.Contains(p.Top, subject) })
	i := slices.Index(p.Top, subject)
	if !strings.HasSuffix(p.Senders[i], "·  in Drafts") {
		t.Errorf("the search result's first line %q does not say it is in Drafts", p.Senders[i])
	}
}

func folderRow(t *testing.T, p probeJSON, name string) mailview.ProbeFolder {
	t.Helper()
	for _, f := range p.Folders {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no folder %q on screen: %+v", name, p.Folders)
	return mailview.ProbeFolder{}
}

// rowStep is the height of a list row: the list's height over the rows
// it can show is not known, so a row of the demo is taken as 58 px.
func rowStep(probeJSON) float32 { return 58 }
