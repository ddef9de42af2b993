package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wren/account/drafts"
	"wren/account/store"
	"wren/transport/rfc822"
)

// A draft this computer saved reopens from its own file when its server
// copy is chosen in the Drafts folder: same draft, attachment as the file
// chosen; choosing it again raises that composer instead of a second one.
func TestEditDraftReopensTheLocalDraft(t *testing.T) {
	f := newFake(t)
	file := filepath.Join(t.TempDir(), "agenda.txt")
	if err := os.WriteFile(file, []byte("1. budget\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	d := drafts.Draft{ID: drafts.NewID(), Account: "Work", From: "me@work.example", To: "anna@example.org",
		Subject: "Plans", Body: "draft text", Attach: []string{file}}
	if err := f.drafts.Save(d); err != nil {
		t.Fatal(err)
	}
	if err := f.drafts.SetServerCopy(d.ID, "Drafts", 42, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	m, ev := newManager(t, f, Deps{})
	row := store.Message{Account: "Work", Folder: "Drafts", UID: 42, Subject: "Plans"}
	m.EditDraft(row)
	w := ev.opened(t, "attached")
	if w.draftID != d.ID || w.subject.Text != "Plans" || w.to.Text != "anna@example.org" || !strings.HasPrefix(w.body.Text, "draft text") {
		t.Errorf("reopened: id %s subject %q to %q body %q", w.draftID, w.subject.Text, w.to.Text, w.body.Text)
	}
	if len(w.atts) != 1 || w.atts[0].path != file {
		t.Errorf("attachments %+v, want %s", w.atts, file)
	}
	onUI(m, func() { m.EditDraft(row) })
	if len(m.windows) != 1 {
		t.Errorf("%d composers after choosing the draft twice, want 1", len(m.windows))
	}
}

// A draft from another device (no local file behind it) opens from the
// server copy with its attachment; the first save here names that copy,
// so the next upload replaces it rather than adding a second.
func TestEditDraftFromTheServerCopy(t *testing.T) {
	f := newFake(t)
	f.message = &rfc822.Message{Subject: "From the phone", Text: "started elsewhere",
		From: []rfc822.Address{{Address: "me@work.example"}}, To: []rfc822.Address{{Address: "bob@example.org"}},
		Attachments: []*rfc822.Attachment{{Filename: "photo.jpg", ContentType: "image/jpeg", Data: []byte("jpeg")}}}
	m, ev := newManager(t, f, Deps{DraftDelay: 10 * time.Millisecond})
	m.EditDraft(store.Message{Account: "Work", Folder: "Drafts", UID: 7})
	w := ev.opened(t)
	if w.subject.Text != "From the phone" || len(w.atts) != 1 || w.atts[0].name != "photo.jpg" || w.replaces.uid != 7 {
		t.Fatalf("opened: subject %q atts %+v replaces %+v", w.subject.Text, w.atts, w.replaces)
	}
	onUI(m, func() { w.body.SetText(w.body.Text + " and finished here") })
	var saved drafts.Draft
	deadline := time.Now().Add(5 * time.Second)
	for {
		var err error
		if saved, err = f.drafts.Get(w.draftID); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the edited draft was never saved")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if saved.ServerFolder != "Drafts" || saved.ServerUID != 7 || !saved.ServerStale() {
		t.Errorf("saved draft names server copy %s/%d (stale %v), want Drafts/7, stale", saved.ServerFolder, saved.ServerUID, saved.ServerStale())
	}
}
