// Package keys makes a window's own shortcuts work while a text field has
// the focus. Fyne hands every Ctrl+key to the focused field when it can
// take shortcuts, and a widget.Entry silently drops the ones it does not
// know (Ctrl+Enter to send, for one): the window's handler never runs.
package keys

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Shortcuts are a window's own shortcuts: registered on its canvas (for
// when no field has the focus) and kept here for the fields to pass on.
type Shortcuts struct {
	run map[string]func(fyne.Shortcut)
}

// Add registers f for s on cv and for the fields that pass shortcuts on.
func (s *Shortcuts) Add(cv fyne.Canvas, sc fyne.Shortcut, f func(fyne.Shortcut)) {
	if s.run == nil {
		s.run = map[string]func(fyne.Shortcut){}
	}
	s.run[sc.ShortcutName()] = f
	cv.AddShortcut(sc, f)
}

// Run runs the window's shortcut sc; false when the window has none.
func (s *Shortcuts) Run(sc fyne.Shortcut) bool {
	if s == nil || sc == nil {
		return false
	}
	f, ok := s.run[sc.ShortcutName()]
	if ok {
		f(sc)
	}
	return ok
}

// Entry is a text field that runs its window's shortcuts and keeps the
// field's own (copy, paste, word moves, …).
type Entry struct {
	widget.Entry
	Window *Shortcuts
	// OnEscape runs on Escape (nil: the field's own handling), e.g. to
	// close the dialog the field is in.
	OnEscape func()
}

// NewEntry is a one-line Entry passing shortcuts to s.
func NewEntry(s *Shortcuts) *Entry {
	e := &Entry{Window: s}
	e.ExtendBaseWidget(e)
	return e
}

// NewMultiLineEntry is a multi-line Entry passing shortcuts to s.
func NewMultiLineEntry(s *Shortcuts) *Entry {
	e := NewEntry(s)
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// TypedShortcut runs the window's shortcut, else the field's own.
func (e *Entry) TypedShortcut(sc fyne.Shortcut) {
	if e.Window.Run(sc) {
		return
	}
	e.Entry.TypedShortcut(sc)
}

// TypedKey runs OnEscape on Escape, else the field's own handling.
func (e *Entry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.OnEscape != nil {
		e.OnEscape()
		return
	}
	e.Entry.TypedKey(ev)
}
