package ui_test

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// The main window's keys in the real window (issue #18), pressed as real
// key events: Ctrl+T (Get mail) shows that it checks; with nothing focused Down opens the first message and the
// arrows open the next and previous; Delete deletes the open one; a click
// on a row gives the list the keys and Down opens the row below; the
// Keyboard shortcuts sheet (Ctrl+/) shows all without scrolling and
// Escape closes it; Delete while it is open deletes nothing; R replies.
func TestRealWindowKeyboard(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	w := startWindow(t, "^Wren.*Demo", "--demo")
	p := w.until("the demo's messages listed", func(p probeJSON) bool { return p.Rows > 5 && len(p.Top) == 5 })
	top := p.Top

	// Get mail (Ctrl+T) says it is checking, then when it checked.
	status := func(p probeJSON) string {
		if len(p.Accounts) == 0 {
			return ""
		}
		return p.Accounts[0].Status
	}
	w.until("the demo online", func(p probeJSON) bool { return strings.Contains(status(p), "online") })
	w.pressFor("Get mail says it is checking", func(p probeJSON) bool {
		return strings.Contains(status(p), "checking for new mail")
	}, "ctrl+t")
	w.until("then when it checked", func(p probeJSON) bool { return strings.Contains(status(p), "online, checked ") })

	w.press("Down")
	p = w.until("Down opens the first message", func(p probeJSON) bool {
		return p.Selected == top[0] && p.Reader.ID == p.SelectedID
	})
	w.press("Down")
	w.until("Down opens the second", func(p probeJSON) bool { return p.Selected == top[1] && p.Reader.ID == p.SelectedID })
	w.press("Down", "Up")
	p = w.until("Down, Up: the second again", func(p probeJSON) bool {
		return p.Selected == top[1] && p.Reader.ID == p.SelectedID
	})
	rows := p.Rows
	w.press("Delete")
	p = w.until("Delete deletes the open message", func(p probeJSON) bool {
		return p.Rows == rows-1 && !slices.Contains(p.Top, top[1])
	})

	w.click(rectBelow(p.List, 24)) // the first row: the list has the keys
	p = w.until("a click opens the first row", func(p probeJSON) bool { return p.Selected == p.Top[0] && p.Focus == "list" })
	w.press("Down")
	p = w.until("Down in the focused list opens the next row", func(p probeJSON) bool {
		return p.Selected == p.Top[1] && p.Reader.ID == p.SelectedID
	})
	rows, open := p.Rows, p.Selected

	p = w.pressFor("the shortcuts sheet", func(p probeJSON) bool { return p.Sheet != nil }, "ctrl+slash")
	s := p.Sheet
	if s.Shown.W < s.Needs.W || s.Shown.H < s.Needs.H {
		t.Errorf("the sheet shows %.0f×%.0f of the %.0f×%.0f it needs: it has to be scrolled", s.Shown.W, s.Shown.H, s.Needs.W, s.Needs.H)
	}
	if s.Shown.X < 0 || s.Shown.Y < 0 || s.Shown.X+s.Shown.W > p.Width || s.Shown.Y+s.Shown.H > p.Height {
		t.Errorf("the sheet at %+v is not inside the %.0f×%.0f window", s.Shown, p.Width, p.Height)
	}
	w.press("Delete")
	w.press("Escape")
	p = w.until("Escape closes the sheet", func(p probeJSON) bool { return p.Sheet == nil && !p.Overlay })
	if p.Rows != rows || p.Selected != open {
		t.Errorf("Delete with the sheet open: %d rows, %q open; want %d and %q", p.Rows, p.Selected, rows, open)
	}

	p = w.pressFor("R opens a reply", func(p probeJSON) bool { return len(p.Composers) == 1 }, "r")
	if c := p.Composers[0]; !strings.HasPrefix(c.Subject, "Re: ") || c.To == "" {
		t.Errorf("the reply to %q has subject %q, to %q", open, c.Subject, c.To)
	}
}

// The composer's keys in the real window: the address suggestions are
// driven by keys without losing a typed character ("an" then "na" is
// "anna"), Down and Up move the highlight, Return and Tab take it, Escape
// closes the list and keeps the text, a dialog is never under the list
// and Escape closes it, Tab moves on to Subject and Body,
// and Ctrl+Enter sends from the body; the sending bar (with Undo) floats
// over the window without moving the list.
func TestRealWindowComposerKeys(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	w := startWindow(t, "^Wren.*Demo", "--demo")
	w.until("the demo's messages listed", func(p probeJSON) bool { return p.Rows > 5 })
	w.pressFor("Ctrl+N opens a composer", func(p probeJSON) bool { return len(p.Composers) == 1 }, "ctrl+n")
	c := w.other("^Write")
	p := c.until("the composer, typing in To", func(p probeJSON) bool { return len(p.Composers) == 1 && p.Composers[0].Focused == "to" })

	c.typeText("an")
	c.until("suggestions for \"an\"", func(p probeJSON) bool {
		return p.Composers[0].SuggestFor == "To" && len(p.Composers[0].Suggestions) > 0
	})
	c.typeText("na")
	p = c.until("\"anna\" typed whole, suggestions narrowed", func(p probeJSON) bool {
		cp := p.Composers[0]
		return cp.To == "anna" && len(cp.Suggestions) > 0 && strings.Contains(strings.ToLower(cp.Suggestions[0]), "anna")
	})
	anna := p.Composers[0].Suggestions[0]
	c.press("Return")
	c.until("Return takes the suggestion", func(p probeJSON) bool {
		cp := p.Composers[0]
		return cp.To == anna+", " && len(cp.Suggestions) == 0
	})

	c.typeText("m")
	p = c.until("two or more suggestions for \"m\"", func(p probeJSON) bool { return len(p.Composers[0].Suggestions) >= 2 })
	second := p.Composers[0].Suggestions[1]
	c.press("Down")
	c.until("Down highlights the second", func(p probeJSON) bool { return p.Composers[0].Highlighted == 1 })
	c.press("Up")
	c.until("Up highlights the first", func(p probeJSON) bool { return p.Composers[0].Highlighted == 0 })
	c.press("Down", "Tab")
	c.until("Tab takes the highlighted suggestion", func(p probeJSON) bool {
		cp := p.Composers[0]
		return cp.To == anna+", "+second+", " && len(cp.Suggestions) == 0 && cp.Focused == "to"
	})

	c.typeText("t")
	c.until("suggestions for \"t\"", func(p probeJSON) bool { return len(p.Composers[0].Suggestions) > 0 })
	c.press("Escape")
	c.until("Escape closes the list and keeps the text", func(p probeJSON) bool {
		cp := p.Composers[0]
		return len(cp.Suggestions) == 0 && strings.HasSuffix(cp.To, ", t") && cp.Focused == "to"
	})
	// The list never stays above a dialog: Ctrl+W asks about the draft
	// and the suggestions go; Escape cancels the question.
	c.press("BackSpace")
	c.typeText("t")
	c.until("suggestions again", func(p probeJSON) bool { return len(p.Composers[0].Suggestions) > 0 })
	c.press("ctrl+w")
	c.until("Ctrl+W asks about the draft, the suggestions gone", func(p probeJSON) bool {
		return p.Composers[0].Dialog && len(p.Composers[0].Suggestions) == 0
	})
	c.press("Escape")
	c.until("Escape cancels the question, the text kept", func(p probeJSON) bool {
		return !p.Composers[0].Dialog && strings.HasSuffix(p.Composers[0].To, ", t")
	})
	c.press("BackSpace")

	for range 6 {
		if p = c.read(); p.Composers[0].Focused == "subject" {
			break
		}
		c.press("Tab")
		time.Sleep(150 * time.Millisecond)
	}
	c.until("Tab reaches Subject", func(p probeJSON) bool { return p.Composers[0].Focused == "subject" })
	c.typeText("Keys only")
	c.press("Tab")
	c.until("Tab reaches the body", func(p probeJSON) bool { return p.Composers[0].Focused == "body" })
	c.typeText("Written and sent without the mouse.")
	c.until("the body typed", func(p probeJSON) bool {
		return strings.HasPrefix(p.Composers[0].Body, "Written and sent without the mouse.")
	})
	list := p.List
	c.press("ctrl+Return")
	p = c.until("the sending bar with Undo", func(p probeJSON) bool { return strings.HasPrefix(p.SendBar, "Sending in") })
	if p.List != list {
		t.Errorf("the sending bar moved the list from %+v to %+v", list, p.List)
	}
	p = c.untilFor(40*time.Second, "Ctrl+Enter sends", func(p probeJSON) bool {
		return len(p.Composers) == 0 && p.SendBar == "Message sent."
	})
}
