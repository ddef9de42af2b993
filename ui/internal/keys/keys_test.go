package keys

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
)

// A field with the focus runs the window's Ctrl+Enter (a plain Entry
// drops it) and still does its own shortcuts: Select all, Ctrl+Left.
func TestEntryPassesWindowShortcuts(t *testing.T) {
	a := test.NewTempApp(t)
	w := a.NewWindow("keys")
	var s Shortcuts
	sent := 0
	send := &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
	s.Add(w.Canvas(), send, func(fyne.Shortcut) { sent++ })
	e := NewEntry(&s)
	w.SetContent(e)
	w.Canvas().Focus(e)
	e.SetText("hello world")

	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault})
	if sent != 1 {
		t.Fatalf("Ctrl+Enter in the field ran the window's shortcut %d times, want 1", sent)
	}
	e.TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := e.SelectedText(); got != "hello world" {
		t.Errorf("Select all in the field selected %q", got)
	}
	e.CursorColumn = 11
	e.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierShortcutDefault})
	if e.CursorColumn != 6 {
		t.Errorf("Ctrl+Left moved the cursor to %d, want 6 (the field's word move)", e.CursorColumn)
	}
	if sent != 1 {
		t.Errorf("the field's own shortcuts reached the window: sent %d", sent)
	}
	var none *Shortcuts
	if none.Run(send) {
		t.Error("no shortcuts ran one")
	}
}
