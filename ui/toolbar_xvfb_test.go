package ui_test

import (
	"slices"
	"testing"
	"time"

	"wren/ui/mailview"
)

// The demo's toolbar in the real window under a window manager (issue
// #18), at 800×600, 1024×700, the default 1100×700 and 1600×1000: every action is a
// button wholly inside the window or an item of the overflow menu. Then,
// with real X events: a row clicked opens its message, the tip of a button
// shows its name and key, Delete (from the bar or the overflow menu,
// chosen with the keyboard) deletes it, and at a width too small for all
// of them the overflow menu offers exactly what the bar left out.
func TestRealWindowToolbarFits(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	w := startWindow(t, "^Wren.*Demo", "--demo")
	w.until("the demo's messages listed", func(p probeJSON) bool { return p.Rows > 3 })

	for _, size := range [][2]int{{800, 600}, {1024, 700}, {1100, 700}, {1600, 1000}} {
		p := w.resize(size[0], size[1])
		if len(p.Toolbar) < 11 {
			t.Errorf("%v: %d toolbar actions, want 11 (the composer's included)", size, len(p.Toolbar))
		}
		for _, b := range p.Toolbar {
			switch {
			case b.InBar && (b.X < 0 || b.X+b.W > p.Width || b.Y < 0 || b.Y+b.H > p.Height || b.W < 16):
				t.Errorf("%v: %s at %+v is cut off in a %v×%v window", size, b.ID, b.Rect, p.Width, p.Height)
			case !b.InBar && !b.InMenu:
				t.Errorf("%v: %s is neither in the bar nor in the overflow menu", size, b.ID)
			case !b.InBar && size[0] >= 1100:
				t.Errorf("%v: %s is in the overflow menu at the default size or wider", size, b.ID)
			}
		}
	}

	p := w.resize(800, 600)
	w.click(rectBelow(p.List, 24)) // the first row
	p = w.until("a message open after a click on its row", func(p probeJSON) bool { return p.Selected != "" })
	opened, rows := p.Selected, p.Rows

	archive := button(t, p, "archive")
	if !archive.InBar {
		t.Fatalf("Archive is not in the bar at 800 px: %+v", p.Toolbar)
	}
	w.hover(archive.Rect)
	w.until("Archive's tip", func(p probeJSON) bool { return p.Tip == "Archive  (Ctrl+Shift+A)" })

	del := button(t, p, "delete")
	if !del.Enabled {
		t.Fatalf("Delete disabled with %q open", opened)
	}
	if del.InBar {
		w.click(del.Rect)
	} else {
		w.chooseFromMore(t, p, "Delete")
	}
	w.until("the open message deleted", func(p probeJSON) bool { return p.Rows == rows-1 && p.Selected != opened })

	// Too narrow for every button: the overflow menu, opened by a click
	// and closed by Escape, lists what the bar left out, in order.
	p = w.resize(640, 600)
	if p.More == nil {
		t.Fatalf("no overflow button at 640 px: %+v", p.Toolbar)
	}
	var left []string
	for _, b := range p.Toolbar {
		if b.InMenu {
			left = append(left, b.Label)
		}
	}
	w.click(*p.More)
	p = w.until("the overflow menu open", func(p probeJSON) bool { return len(p.Menu) > 0 })
	if !slices.Equal(p.Menu, left) {
		t.Errorf("the overflow menu offers %q, the bar left out %q", p.Menu, left)
	}
	w.key("Escape")
	w.until("the overflow menu closed by Escape", func(p probeJSON) bool { return len(p.Menu) == 0 })
}

// chooseFromMore opens the overflow menu with a click and picks label
// with the arrow keys and Return.
func (w *realWin) chooseFromMore(t *testing.T, p probeJSON, label string) {
	t.Helper()
	if p.More == nil {
		t.Fatalf("%s is in no bar and there is no overflow button", label)
	}
	w.click(*p.More)
	p = w.until("the overflow menu open", func(p probeJSON) bool { return len(p.Menu) > 0 })
	i := slices.Index(p.Menu, label)
	if i < 0 {
		t.Fatalf("%s not in the overflow menu %q", label, p.Menu)
	}
	keys := slices.Repeat([]string{"Down"}, i+1)
	w.key(append(keys, "Return")...)
	time.Sleep(200 * time.Millisecond)
}

func button(t *testing.T, p probeJSON, id string) mailview.ProbeButton {
	t.Helper()
	for _, b := range p.Toolbar {
		if b.ID == id {
			return b
		}
	}
	t.Fatalf("no %s in the toolbar: %+v", id, p.Toolbar)
	return mailview.ProbeButton{}
}

func rectBelow(r mailview.Rect, dy float32) mailview.Rect {
	return mailview.Rect{X: r.X + 8, Y: r.Y + dy - 4, W: min(r.W-16, 200), H: 8}
}
