package mailview

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"wren/account/actions"
	"wren/account/store"
)

type actCall struct {
	Account, Folder string
	UIDs            []uint32
	Kind            actions.Kind
	Arg             string
}

// fakeActor records the actions asked of it and changes nothing.
type fakeActor struct {
	calls []actCall
	err   error
}

func (a *fakeActor) Act(_ context.Context, account, folder string, uids []uint32, k actions.Kind, arg string) error {
	a.calls = append(a.calls, actCall{account, folder, slices.Clone(uids), k, arg})
	return a.err
}

// withRoles is the standard store plus Archive, Trash and Junk folders,
// each holding one message.
func withRoles(t *testing.T) *store.Store {
	st := standard(t)
	mustFolder(t, st, "work", "Archive", store.RoleArchive)
	mustFolder(t, st, "work", "Trash", store.RoleTrash)
	mustFolder(t, st, "work", "Junk", store.RoleJunk)
	mustUpsert(t, st, "work", "Trash", msg(20, "Old", "Old news", true))
	junk := msg(30, "Spammer", "You won", false)
	junk.Flags.Flagged = true
	mustUpsert(t, st, "work", "Junk", junk)
	return st
}

// open shows folder and selects its row i.
func (f *fixture) open(t *testing.T, folder string, i int) {
	t.Helper()
	f.v.tree.widget.Select(folderNodeID("work", folder))
	f.q.run()
	f.v.list.widget.Select(i)
	f.q.run()
	if _, ok := f.v.actions.selected(); !ok {
		t.Fatalf("no message selected in %s", folder)
	}
}

func buttons(b *actionBar) map[string]*toolButton {
	return map[string]*toolButton{"read": b.read, "flag": b.flag, "archive": b.archive, "delete": b.delete, "junk": b.junk}
}

func TestActionsDisabledWithoutSelectionOrActor(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	for name, b := range buttons(f.v.actions) {
		if !b.Disabled() {
			t.Errorf("%s enabled with neither selection nor actor", name)
		}
	}
	a := &fakeActor{}
	f.v.SetActor(a)
	for name, b := range buttons(f.v.actions) {
		if !b.Disabled() {
			t.Errorf("%s enabled without a selection", name)
		}
	}
	f.open(t, "INBOX", 0)
	for name, b := range buttons(f.v.actions) {
		if b.Disabled() {
			t.Errorf("%s disabled with a selection and an actor", name)
		}
	}
	f.v.SetActor(nil)
	for name, b := range buttons(f.v.actions) {
		if !b.Disabled() {
			t.Errorf("%s enabled after the actor was removed", name)
		}
		test.Tap(b)
	}
	if n := f.q.run(); n != 0 || len(a.calls) != 0 {
		t.Errorf("disabled buttons ran %d jobs and %d actions", n, len(a.calls))
	}
	// Another folder drops the selection.
	f.v.SetActor(a)
	f.v.tree.widget.Select(folderNodeID("work", "Projects"))
	f.q.run()
	if !f.v.actions.read.Disabled() {
		t.Error("read enabled after navigating away from the message")
	}
}

func TestActionButtonsCallActor(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	a := &fakeActor{}
	f.v.SetActor(a)
	f.open(t, "INBOX", 0) // Invoice 3, uid 3, unread
	if f.v.actions.read.label != "Mark read" || f.v.actions.flag.label != "Flag" || f.v.actions.junk.label != "Junk" {
		t.Errorf("labels %q %q %q", f.v.actions.read.label, f.v.actions.flag.label, f.v.actions.junk.label)
	}
	for _, c := range []struct {
		b    *toolButton
		kind actions.Kind
		arg  string
	}{
		{f.v.actions.read, actions.Read, ""},
		{f.v.actions.flag, actions.Flag, ""},
		{f.v.actions.archive, actions.Move, "Archive"},
		{f.v.actions.delete, actions.Move, "Trash"},
		{f.v.actions.junk, actions.Junk, "Junk"},
	} {
		a.calls = nil
		test.Tap(c.b)
		// The action, then the folders and the list reload.
		if n := f.q.run(); n != 3 {
			t.Errorf("%s ran %d jobs, want 3 (action, folders, list)", c.b.label, n)
		}
		want := []actCall{{"work", "INBOX", []uint32{3}, c.kind, c.arg}}
		if !slices.EqualFunc(a.calls, want, func(x, y actCall) bool {
			return x.Account == y.Account && x.Folder == y.Folder && slices.Equal(x.UIDs, y.UIDs) && x.Kind == y.Kind && x.Arg == y.Arg
		}) {
			t.Errorf("%s: calls %+v, want %+v", c.b.label, a.calls, want)
		}
	}
}

func TestActionFailureKeepsView(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	a := &fakeActor{err: errors.New("store closed")}
	f.v.SetActor(a)
	f.open(t, "INBOX", 0)
	test.Tap(f.v.actions.archive)
	f.q.run()
	if len(a.calls) != 1 || len(f.v.model.Rows()) != 3 || f.v.actions.archive.Disabled() {
		t.Errorf("after a failed action: %d calls, %d rows, archive disabled %v",
			len(a.calls), len(f.v.model.Rows()), f.v.actions.archive.Disabled())
	}
	top := f.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("the failure was not shown")
	}
	shown := strings.Join(labelTexts(top), " ")
	if !strings.Contains(shown, "Moving the message did not work") || !strings.Contains(shown, "store closed") {
		t.Errorf("failure shown as %q", shown)
	}
}

func TestTogglesFollowTheMessage(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	a := &fakeActor{}
	f.v.SetActor(a)
	f.open(t, "Junk", 0) // unread, flagged, in Junk
	b := f.v.actions
	if b.read.label != "Mark read" || b.flag.label != "Unflag" || b.junk.label != "Not junk" {
		t.Errorf("labels %q %q %q", b.read.label, b.flag.label, b.junk.label)
	}
	test.Tap(b.flag)
	test.Tap(b.junk) // ignored: the flag action still runs
	f.q.run()
	test.Tap(b.junk)
	f.q.run()
	if len(a.calls) != 2 || a.calls[0].Kind != actions.Unflag || a.calls[1].Kind != actions.NotJunk || a.calls[1].Arg != "INBOX" {
		t.Errorf("calls %+v, want Unflag then NotJunk to INBOX", a.calls)
	}

	f.open(t, "INBOX", 2) // Lunch on Friday, read
	if b.read.label != "Mark unread" {
		t.Errorf("read label %q, want Mark unread", b.read.label)
	}
	a.calls = nil
	test.Tap(b.read)
	f.q.run()
	if len(a.calls) != 1 || a.calls[0].Kind != actions.Unread || a.calls[0].UIDs[0] != 1 {
		t.Errorf("calls %+v, want Unread of uid 1", a.calls)
	}
}

func TestDeleteInTrashIsForGood(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	a := &fakeActor{}
	f.v.SetActor(a)
	f.open(t, "Trash", 0)
	test.Tap(f.v.actions.delete)
	f.q.run()
	if len(a.calls) != 1 || a.calls[0].Kind != actions.Delete || a.calls[0].Folder != "Trash" {
		t.Errorf("calls %+v, want Delete in Trash", a.calls)
	}
	if f.v.actions.archive.Disabled() {
		t.Error("archive disabled in Trash")
	}
}

func TestNoRoleFoldersDisableTheirButtons(t *testing.T) {
	f := newFixture(t, standard(t), "work") // no Archive, Trash or Junk
	f.v.SetActor(&fakeActor{})
	f.open(t, "INBOX", 0)
	b := f.v.actions
	if !b.archive.Disabled() || !b.delete.Disabled() || !b.junk.Disabled() {
		t.Errorf("archive/delete/junk disabled = %v %v %v, want all true",
			b.archive.Disabled(), b.delete.Disabled(), b.junk.Disabled())
	}
	if b.read.Disabled() || b.flag.Disabled() {
		t.Error("read and flag need no folder but are disabled")
	}
}

func TestArchiveDisabledInArchive(t *testing.T) {
	st := withRoles(t)
	mustUpsert(t, st, "work", "Archive", msg(40, "Dan", "Kept", true))
	f := newFixture(t, st, "work")
	f.v.SetActor(&fakeActor{})
	f.open(t, "Archive", 0)
	if !f.v.actions.archive.Disabled() {
		t.Error("archive enabled for a message already in Archive")
	}
}

func TestShortcutsAct(t *testing.T) {
	f := newFixture(t, withRoles(t), "work")
	a := &fakeActor{}
	f.v.SetActor(a)
	f.v.AddShortcuts(f.w.Canvas())
	f.open(t, "INBOX", 0)
	if got := len(f.v.Shortcuts()); got != 17 {
		t.Fatalf("%d shortcuts, want 17", got)
	}
	mod := fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift
	sc := f.w.Canvas().(fyne.Shortcutable)
	for _, k := range []fyne.KeyName{fyne.KeyM, fyne.KeyS, fyne.KeyA, fyne.KeyDelete, fyne.KeyJ} {
		sc.TypedShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: mod})
		f.q.run()
	}
	// Without Shift the keys are left to the focused widget.
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyA, Modifier: fyne.KeyModifierShortcutDefault})
	f.q.run()
	var kinds []actions.Kind
	for _, c := range a.calls {
		kinds = append(kinds, c.Kind)
	}
	want := []actions.Kind{actions.Read, actions.Flag, actions.Move, actions.Move, actions.Junk}
	if !slices.Equal(kinds, want) {
		t.Errorf("shortcuts acted %q, want %q", kinds, want)
	}
}

// queueActor acts as *session.Session does: through actions.Queue on the
// view's own store.
type queueActor struct{ q *actions.Queue }

func (a queueActor) Act(ctx context.Context, account, folder string, uids []uint32, k actions.Kind, arg string) error {
	return a.q.Do(ctx, account, folder, uids, k, arg)
}

func TestArchiveRemovesRowFromInbox(t *testing.T) {
	st := withRoles(t)
	f := newFixture(t, st, "work")
	f.v.SetActor(queueActor{&actions.Queue{Store: st}})
	f.open(t, "INBOX", 0) // Invoice 3, unread
	test.Tap(f.v.actions.archive)
	f.q.run()
	if got := subjects(f.v.model.Rows()); !slices.Equal(got, []string{"Quarterly report", "Lunch on Friday"}) {
		t.Errorf("inbox after archive = %q", got)
	}
	if f.v.list.widget.Length() != 2 || f.v.list.info.Text != "2 messages" {
		t.Errorf("list length %d, info %q", f.v.list.widget.Length(), f.v.list.info.Text)
	}
	if _, _, n := f.v.tree.node(folderNodeID("work", "INBOX")); n != 1 {
		t.Errorf("inbox unread = %d after archiving an unread message, want 1", n)
	}
	// The pane moved on to the message that took the archived one's row.
	if got, ok := f.v.actions.selected(); !ok || got.Subject != "Quarterly report" {
		t.Errorf("selected after archive = %q (%v), want Quarterly report", got.Subject, ok)
	}
	if f.v.reader.subject.Text != "Quarterly report" || !f.v.reader.content.Visible() {
		t.Errorf("pane shows %q (visible %v)", f.v.reader.subject.Text, f.v.reader.content.Visible())
	}
	queued, err := st.Actions(ctxT(t), "work")
	if err != nil {
		t.Fatalf("Actions: %v", err)
	}
	if len(queued) != 1 || queued[0].Kind != string(actions.Move) || queued[0].Args != "Archive" || !slices.Equal(queued[0].UIDs, []uint32{3}) {
		t.Errorf("queued %+v, want a move of uid 3 to Archive", queued)
	}
}
