package mailview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"wren/account/actions"
)

// The list's keys, with the list focused and with nothing focused: the
// arrows open the next and previous message (not only move a bar), N, R,
// A and F reach the composer for the open message, Delete deletes it.
func TestListKeysMoveOpenAndAct(t *testing.T) {
	w := newWired(t)
	w.open(t, "INBOX", 0)
	rows := w.v.model.Rows()
	if len(rows) < 3 {
		t.Fatalf("%d rows", len(rows))
	}
	press := func(k fyne.KeyName) {
		w.v.list.keys.TypedKey(&fyne.KeyEvent{Name: k})
		w.q.run()
	}
	w.w.Canvas().Focus(w.v.list.keys)
	press(fyne.KeyDown)
	if w.v.selectedMsg != rows[1].ID {
		t.Fatalf("Down opened %d, want row 1 (%d)", w.v.selectedMsg, rows[1].ID)
	}
	press(fyne.KeyDown)
	press(fyne.KeyUp)
	if w.v.selectedMsg != rows[1].ID || w.v.reader.shown != rows[1].ID {
		t.Fatalf("Down, Up: open %d, shown %d, want row 1", w.v.selectedMsg, w.v.reader.shown)
	}
	for _, r := range "nraf" {
		w.v.list.keys.TypedRune(r)
	}
	s := rows[1].Subject
	want := []composeCall{{"new", ""}, {"reply", s}, {"replyall", s}, {"forward", s}}
	if !slices.Equal(w.composer.calls, want) {
		t.Errorf("N, R, A, F: %+v, want %+v", w.composer.calls, want)
	}
	press(fyne.KeyDelete)
	if n := len(w.actor.calls); n != 1 || w.actor.calls[0].Kind != actions.Move || w.actor.calls[0].Arg != "Trash" ||
		!slices.Equal(w.actor.calls[0].UIDs, []uint32{rows[1].UID}) {
		t.Fatalf("Delete: %+v, want row 1 moved to Trash", w.actor.calls)
	}

	// Nothing focused (as at start): the window takes the same keys.
	w.w.Canvas().Unfocus()
	before := w.v.selectedMsg
	w.w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyPageDown})
	w.q.run()
	rows = w.v.model.Rows()
	if last := rows[len(rows)-1].ID; w.v.selectedMsg != last || before == last {
		t.Errorf("Page Down with nothing focused: open %d, want the last row %d (was %d)", w.v.selectedMsg, last, before)
	}
	w.w.Canvas().OnTypedRune()('r')
	if got := w.composer.calls[len(w.composer.calls)-1]; got.kind != "reply" {
		t.Errorf("R with nothing focused: %+v", got)
	}
}
