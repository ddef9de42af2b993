package mailview

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"

	"wren/account/actions"
	"wren/account/store"
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

// A draft in the Drafts folder is edited, not answered: Reply and Forward
// are off on it, Enter or a double click on its row opens it in the
// composer, and a single click only opens it in the reader.
func TestDraftEditedByEnterOrDoubleClick(t *testing.T) {
	st := withRoles(t)
	mustFolder(t, st, "work", "Drafts", store.RoleDrafts)
	d := msg(5, "Me", "Half-written", true)
	d.Flags.Draft = true
	mustUpsert(t, st, "work", "Drafts", d)
	f := newFixture(t, st, "work")
	w := &wired{fixture: f, actor: &fakeActor{}, composer: &fakeComposer{}, syncer: &fakeSyncer{}}
	f.v.SetActor(w.actor)
	f.v.SetComposer(w.composer)
	f.w.SetMainMenu(f.v.MainMenu())
	f.v.AddShortcuts(f.w.Canvas())
	w.open(t, "Drafts", 0)
	for _, id := range []string{"reply", "replyall", "forward"} {
		if !f.v.cmd(id).item.Disabled {
			t.Errorf("%s is on for one's own draft", id)
		}
	}
	if f.v.cmd("edit").item.Disabled {
		t.Fatal("Edit draft is off on a draft")
	}
	w.v.list.keys.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	w.v.list.keys.tapRow(0)
	w.q.run()
	if len(w.composer.calls) != 1 {
		t.Fatalf("one click opened the composer: %+v", w.composer.calls)
	}
	w.v.list.keys.tapRow(0)
	w.q.run()
	want := []composeCall{{"edit", "Half-written"}, {"edit", "Half-written"}}
	if !slices.Equal(w.composer.calls, want) {
		t.Errorf("Enter, click, click: %+v, want %+v", w.composer.calls, want)
	}

	w.open(t, "INBOX", 0)
	if !f.v.cmd("edit").item.Disabled || f.v.cmd("reply").item.Disabled {
		t.Error("on received mail Edit draft must be off and Reply on")
	}
}

// A click far down the list (after scrolling) opens that row, and Down
// goes on from there: the arrows move from the open row, whatever Fyne's
// own focus bar would say.
func TestDownAfterAFarClick(t *testing.T) {
	st := openStore(t)
	mustFolder(t, st, "work", "INBOX", store.RoleInbox)
	mustUpsert(t, st, "work", "INBOX", many(120, "Sender")...)
	f := newFixture(t, st, "work")
	f.v.tree.widget.Select(folderNodeID("work", "INBOX"))
	f.q.run()
	for i := 0; i < 5 && len(f.v.model.Rows()) < 120; i++ {
		f.v.loadMore()
		f.q.run()
	}
	rows := f.v.model.Rows()
	if len(rows) < 100 {
		t.Fatalf("%d rows loaded", len(rows))
	}
	f.v.list.keys.tapRow(90)
	f.q.run()
	f.v.list.keys.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	f.q.run()
	if want := f.v.model.Rows()[91].ID; f.v.selectedMsg != want {
		t.Errorf("Down after a click on row 90 opened %d, want row 91 (%d)", f.v.selectedMsg, want)
	}
}
