package mailview

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"wren/account/actions"
)

// At every width the window can have, each toolbar action is either a
// button wholly inside the bar or an item of the overflow menu, never
// cut off; wide windows need no overflow, narrow ones keep search usable.
func TestToolbarFitsEveryWidth(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	f.v.SetActor(&fakeActor{})
	bar := f.v.actions.bar
	for _, width := range []float32{360, 800, 1024, 1100, 1600} {
		f.w.Resize(fyne.NewSize(width, 700))
		inBar, inMenu := 0, map[string]bool{}
		for _, c := range bar.overflowed() {
			inMenu[c.id] = true
		}
		for _, it := range bar.items {
			b := it.btn
			switch {
			case !it.wanted(): // the composer's buttons, without a composer
				if b.Visible() || inMenu[it.cmd.id] {
					t.Errorf("%.0f px: %s offered without a composer", width, it.cmd.id)
				}
			case it.fits:
				inBar++
				if !b.Visible() || b.Position().X < 0 || b.Position().X+b.Size().Width > bar.box.Size().Width {
					t.Errorf("%.0f px: %s placed at %v size %v in a bar of %v", width, it.cmd.id, b.Position(), b.Size(), bar.box.Size())
				}
				if inMenu[it.cmd.id] {
					t.Errorf("%.0f px: %s both in the bar and the menu", width, it.cmd.id)
				}
			case !inMenu[it.cmd.id]:
				t.Errorf("%.0f px: %s neither in the bar nor in the overflow menu", width, it.cmd.id)
			case b.Visible():
				t.Errorf("%.0f px: %s is in the menu but still shown", width, it.cmd.id)
			}
		}
		if bar.more.Visible() != (len(inMenu) > 0) {
			t.Errorf("%.0f px: overflow button shown %v with %d items left out", width, bar.more.Visible(), len(inMenu))
		}
		if w := bar.search.Size().Width; w < searchMinWidth {
			t.Errorf("%.0f px: search is %.0f px wide (bar %v, min %v, search at %v)", width, w, bar.box.Size(), bar.box.MinSize(), bar.search.Position())
		}
		if width >= 1024 && len(inMenu) > 0 {
			t.Errorf("%.0f px: %d actions in the overflow menu, want all in the bar", width, len(inMenu))
		}
		if width == 360 && (inBar == 0 || len(inMenu) == 0) {
			t.Errorf("360 px: %d in the bar, %d in the menu", inBar, len(inMenu))
		}
	}
}

// The overflow menu runs the command it names, enabled as the button
// would be: Flag from the menu flags the open message.
func TestOverflowMenuRunsTheCommand(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	a := &fakeActor{}
	f.v.SetActor(a)
	f.w.Resize(fyne.NewSize(360, 600))
	menu := f.v.actions.bar.moreMenu()
	if item := findItem(menu, "Flag"); item == nil || !item.Disabled {
		t.Fatalf("Flag in the menu without an open message: %+v in %v", item, menuLabels(menu))
	}
	f.open(t, "INBOX", 0)
	menu = f.v.actions.bar.moreMenu()
	item := findItem(menu, "Flag")
	if item == nil || item.Disabled {
		t.Fatalf("Flag missing or disabled in %v", menuLabels(menu))
	}
	item.Action()
	f.q.run()
	if len(a.calls) != 1 || a.calls[0].Kind != actions.Flag {
		t.Fatalf("calls %+v", a.calls)
	}
	test.Tap(f.v.actions.bar.more)
	if f.v.morePopup == nil || !f.v.morePopup.Visible() {
		t.Error("tapping More actions showed no menu")
	}
}

// Resting the pointer on a button shows its name and key in a tip that
// leaves with the pointer; a tap hides it at once.
func TestToolButtonTip(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	b := f.v.actions.archive
	var pending func()
	afterTip = func(f func()) { pending = f }
	t.Cleanup(func() { afterTip = func(f func()) { time.AfterFunc(tipDelay, func() { fyne.Do(f) }) } })
	b.MouseIn(&desktop.MouseEvent{})
	if f.v.tips.shown() != "" || pending == nil {
		t.Fatal("a tip before the pointer rested")
	}
	pending()
	if got := f.v.tips.shown(); got != "Archive  (Ctrl+Shift+A)" {
		t.Errorf("tip %q", got)
	}
	b.MouseOut()
	if got := f.v.tips.shown(); got != "" {
		t.Errorf("tip %q after the pointer left", got)
	}
	// A timer that fires after the pointer left shows nothing.
	b.MouseIn(&desktop.MouseEvent{})
	late := pending
	b.MouseOut()
	late()
	if got := f.v.tips.shown(); got != "" {
		t.Errorf("tip %q from a timer of a pointer gone", got)
	}
}

func findItem(m *fyne.Menu, label string) *fyne.MenuItem {
	for _, it := range m.Items {
		if it.Label == label {
			return it
		}
	}
	return nil
}

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		out = append(out, it.Label)
	}
	return out
}
