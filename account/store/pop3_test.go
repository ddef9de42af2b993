package store

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestPOP3Downloads(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	at := time.UnixMilli(time.Now().UnixMilli())
	m := msg(0, "alice", "pop greeting")
	raw := []byte("From: alice@example.com\r\nSubject: pop greeting\r\n\r\nbody words here")
	for range 2 { // the second call is a no-op
		if err := s.AddDownloaded(ctx, "pop", "U1", at, m, raw, "body words here"); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddDownloaded(ctx, "pop", "U2", at, msg(0, "bob", "second"), []byte("x"), ""); err != nil {
		t.Fatal(err)
	}
	f, err := s.Folder(ctx, "pop", POP3Inbox)
	if err != nil || f.Role != RoleInbox || f.Total != 2 {
		t.Fatalf("pop inbox = %+v, %v", f, err)
	}
	uids, _ := s.LocalUIDs(ctx, "pop", POP3Inbox)
	if len(uids) != 2 || uids[0] != 1 || uids[1] != 2 {
		t.Errorf("uids = %v", uids)
	}
	p, err := s.Search(ctx, "words", SearchOptions{})
	if err != nil || len(p.Messages) != 1 || p.Messages[0].Subject != "pop greeting" {
		t.Fatalf("search body: %v %v", subjects(p.Messages), err)
	}
	src, err := s.Source(ctx, p.Messages[0].ID)
	if err != nil || string(src) != string(raw) {
		t.Errorf("source = %q, %v", src, err)
	}
	got, err := s.POP3Downloaded(ctx, "pop")
	if err != nil || len(got) != 2 || !got["U1"].Equal(at) {
		t.Errorf("downloaded = %v, %v", got, err)
	}
	// Deleting the local copy keeps the UIDL: no second download.
	if err := s.DeleteMessages(ctx, "pop", POP3Inbox, []uint32{1}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Source(ctx, p.Messages[0].ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("source after delete: %v", err)
	}
	if got, _ := s.POP3Downloaded(ctx, "pop"); len(got) != 2 {
		t.Errorf("uidls after local delete = %v", got)
	}
	// UIDs are not reused after the newest local copy is deleted.
	if err := s.DeleteMessages(ctx, "pop", POP3Inbox, []uint32{2}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddDownloaded(ctx, "pop", "U3", at, msg(0, "carol", "third"), []byte("y"), ""); err != nil {
		t.Fatal(err)
	}
	if uids, _ := s.LocalUIDs(ctx, "pop", POP3Inbox); len(uids) != 1 || uids[0] != 3 {
		t.Errorf("uids after delete and download = %v", uids)
	}
	if err := s.ForgetPOP3(ctx, "pop", []string{"U1", "nope"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.POP3Downloaded(ctx, "pop"); len(got) != 2 || got["U2"].IsZero() || got["U3"].IsZero() {
		t.Errorf("after forget = %v", got)
	}
	if other, _ := s.POP3Downloaded(ctx, "other"); len(other) != 0 {
		t.Errorf("other account = %v", other)
	}
}

// A UIDL is listed once: repeated within a batch, or recorded by an
// earlier batch (header or whole), it adds no second row.
func TestAddPOP3HeadersListsEachUIDLOnce(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	at := time.UnixMilli(time.Now().UnixMilli())
	if err := s.AddDownloaded(ctx, "pop", "WHOLE", at, msg(0, "dora", "kept whole"), []byte("x"), ""); err != nil {
		t.Fatal(err)
	}
	hd := func(uidl, subject string) HeaderDownload {
		return HeaderDownload{UIDL: uidl, At: at, Message: msg(0, "eve", subject)}
	}
	if err := s.AddPOP3Headers(ctx, "pop", []HeaderDownload{hd("B", "b"), hd("A", "a"), hd("A", "a again"), hd("WHOLE", "dup")}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddPOP3Headers(ctx, "pop", []HeaderDownload{hd("B", "b again"), hd("C", "c")}); err != nil {
		t.Fatal(err)
	}
	p, err := s.List(ctx, "pop", POP3Inbox, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := subjects(p.Messages)
	slices.Sort(got)
	if fmt.Sprint(got) != "[a b c kept whole]" {
		t.Fatalf("rows %v, want a, b, c and the whole one once each", got)
	}
	pending, err := s.POP3Pending(ctx, "pop")
	if err != nil || len(pending) != 3 || !pending["A"] || !pending["B"] || !pending["C"] {
		t.Fatalf("pending %v, %v", pending, err)
	}
	if f, err := s.Folder(ctx, "pop", POP3Inbox); err != nil || f.Total != 4 {
		t.Fatalf("folder total %+v, %v", f, err)
	}
}

// A POP3 message moved to the local Trash keeps its UID, and its source
// still finds it when it comes after the move.
func TestMoveLocalKeepsPOP3Messages(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	at := time.UnixMilli(time.Now().UnixMilli())
	hs := []HeaderDownload{
		{UIDL: "A", At: at, Message: msg(0, "alice", "stays")},
		{UIDL: "B", At: at, Message: msg(0, "bob", "goes to trash")},
	}
	if err := s.AddPOP3Headers(ctx, "pop", hs); err != nil {
		t.Fatal(err)
	}
	if err := s.MoveLocal(ctx, "pop", POP3Inbox, POP3Trash, []uint32{2}); err != nil {
		t.Fatal(err)
	}
	if uids, _ := s.LocalUIDs(ctx, "pop", POP3Trash); fmt.Sprint(uids) != "[2]" {
		t.Fatalf("trash holds %v, want UID 2 kept", uids)
	}
	if pending, err := s.POP3Pending(ctx, "pop"); err != nil || len(pending) != 2 {
		t.Fatalf("pending %v, %v; the moved message still waits for its source", pending, err)
	}
	raw := []byte("Subject: goes to trash\r\n\r\nthe body")
	if err := s.AddPOP3Sources(ctx, "pop", []POP3Source{{UIDL: "B", Raw: raw, Text: "the body"}}); err != nil {
		t.Fatal(err)
	}
	m, err := s.MessageByUID(ctx, "pop", POP3Trash, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Source(ctx, m.ID); err != nil || string(got) != string(raw) {
		t.Fatalf("source of the moved message: %q, %v", got, err)
	}
	for name, want := range map[string]int{POP3Inbox: 1, POP3Trash: 1} {
		if f, err := s.Folder(ctx, "pop", name); err != nil || f.Total != want {
			t.Errorf("%s: %+v, %v; want %d", name, f, err, want)
		}
	}
	// A later listing keeps counting UIDs past the moved one.
	if err := s.AddPOP3Headers(ctx, "pop", []HeaderDownload{{UIDL: "C", At: at, Message: msg(0, "carol", "new")}}); err != nil {
		t.Fatal(err)
	}
	if uids, _ := s.LocalUIDs(ctx, "pop", POP3Inbox); fmt.Sprint(uids) != "[1 3]" {
		t.Errorf("inbox %v, want 1 and the new 3", uids)
	}
}

// A POP3 account has the local folders of the common clients, and a sent
// message filed twice (a crash before the outbox noted the copy) is kept
// once, under a UID no other local folder uses.
func TestPOP3LocalSent(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	at := time.UnixMilli(time.Now().UnixMilli())
	if err := s.AddPOP3Headers(ctx, "pop", []HeaderDownload{{UIDL: "A", At: at, Message: msg(0, "alice", "hello")}}); err != nil {
		t.Fatal(err)
	}
	fs, err := s.Folders(ctx, "pop")
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]Role{}
	for _, f := range fs {
		roles[f.Name] = f.Role
	}
	want := map[string]Role{POP3Inbox: RoleInbox, POP3Sent: RoleSent, POP3Archive: RoleArchive, POP3Junk: RoleJunk, POP3Trash: RoleTrash}
	if fmt.Sprint(roles) != fmt.Sprint(want) {
		t.Fatalf("local folders %v, want %v", roles, want)
	}
	m := msg(0, "me", "my reply")
	m.MessageID = "<reply-1@wren.test>"
	m.Flags.Seen = true
	raw := []byte("From: me@wren.test\r\nSubject: my reply\r\nMessage-ID: <reply-1@wren.test>\r\n\r\nsee you thursday")
	for i, wantAdded := range []bool{true, false} {
		added, err := s.AddLocalSent(ctx, "pop", m, raw, "see you thursday")
		if err != nil || added != wantAdded {
			t.Fatalf("filing %d: added %v, %v; want %v", i+1, added, err, wantAdded)
		}
	}
	if uids, _ := s.LocalUIDs(ctx, "pop", POP3Sent); fmt.Sprint(uids) != "[2]" {
		t.Fatalf("sent holds %v, want one copy under UID 2 (the Inbox has 1)", uids)
	}
	p, err := s.Search(ctx, "thursday", SearchOptions{})
	if err != nil || len(p.Messages) != 1 || p.Messages[0].Folder != POP3Sent {
		t.Fatalf("search finds %v, %v; want the sent copy", subjects(p.Messages), err)
	}
	if src, err := s.Source(ctx, p.Messages[0].ID); err != nil || string(src) != string(raw) {
		t.Errorf("source of the sent copy: %q, %v", src, err)
	}
	if f, err := s.Folder(ctx, "pop", POP3Sent); err != nil || f.Total != 1 || f.Unread != 0 {
		t.Errorf("sent folder %+v, %v; want one read message", f, err)
	}
	// The next download counts on past the sent copy.
	if err := s.AddPOP3Headers(ctx, "pop", []HeaderDownload{{UIDL: "B", At: at, Message: msg(0, "bob", "later")}}); err != nil {
		t.Fatal(err)
	}
	if uids, _ := s.LocalUIDs(ctx, "pop", POP3Inbox); fmt.Sprint(uids) != "[1 3]" {
		t.Errorf("inbox %v, want 1 and 3", uids)
	}
}
