package store

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func folderT(t *testing.T, s *Store, account, name string) Folder {
	t.Helper()
	f, err := s.Folder(ctxT(t), account, name)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestUpsertCountsAndFlags(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	a, b, c := msg(1, "alice", "one"), msg(2, "bob", "two"), msg(3, "carol", "three")
	a.Flags = ParseFlags([]string{`\Seen`, `\Recent`, "$Junk", "project-x"})
	mustUpsert(t, s, "work", "INBOX", a, b, c)

	f := folderT(t, s, "work", "INBOX")
	if f.Total != 3 || f.Unread != 2 || f.Role != RoleInbox || f.State.UIDValidity != 7 {
		t.Errorf("folder = %+v, want 3 total, 2 unread, inbox, uidvalidity 7", f)
	}
	got, err := s.MessageByUID(ctx, "work", "INBOX", 1)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Flags.Seen || !got.Flags.Junk || got.Flags.Flagged || !slices.Equal(got.Flags.Keywords, []string{"project-x"}) {
		t.Errorf("flags = %+v", got.Flags)
	}
	if want := []string{`\Seen`, "$Junk", "project-x"}; !slices.Equal(got.Flags.IMAP(), want) {
		t.Errorf("IMAP() = %q, want %q", got.Flags.IMAP(), want)
	}
	if got.From != a.From || !got.Date.Equal(a.Date) || got.Subject != "one" || len(got.To) != 1 || got.To[0] != a.To[0] {
		t.Errorf("round trip: %+v", got)
	}

	// Upserting a known UID updates its flags and keeps the envelope.
	b.Flags.Seen, b.Subject = true, "changed"
	mustUpsert(t, s, "work", "INBOX", b)
	if f := folderT(t, s, "work", "INBOX"); f.Total != 3 || f.Unread != 1 {
		t.Errorf("after re-upsert: %+v", f)
	}
	if got, _ := s.MessageByUID(ctx, "work", "INBOX", 2); !got.Flags.Seen || got.Subject != "two" {
		t.Errorf("re-upsert: seen=%v subject=%q", got.Flags.Seen, got.Subject)
	}

	if err := s.SetFlags(ctx, "work", "INBOX", []FlagChange{{UID: 3, Flags: Flags{Seen: true, Flagged: true}, ModSeq: 9}, {UID: 99}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.MessageByUID(ctx, "work", "INBOX", 3); !got.Flags.Flagged || !got.Flags.Seen || got.ModSeq != 9 {
		t.Errorf("SetFlags: %+v modseq %d", got.Flags, got.ModSeq)
	}
	if f := folderT(t, s, "work", "INBOX"); f.Unread != 0 {
		t.Errorf("unread after SetFlags = %d", f.Unread)
	}

	if err := s.DeleteMessages(ctx, "work", "INBOX", []uint32{1, 3, 1000}); err != nil {
		t.Fatal(err)
	}
	uids, err := s.LocalUIDs(ctx, "work", "INBOX")
	if err != nil || !slices.Equal(uids, []uint32{2}) {
		t.Errorf("LocalUIDs = %v, %v", uids, err)
	}
	if f := folderT(t, s, "work", "INBOX"); f.Total != 1 {
		t.Errorf("total after delete = %d", f.Total)
	}
}

func TestUIDValidityAndReset(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	mustUpsert(t, s, "work", "INBOX", msg(1, "a", "x"), msg(2, "b", "y"))
	if err := s.UpsertMessages(ctx, "work", "INBOX", 8, []Message{msg(3, "c", "z")}); !errors.Is(err, ErrUIDValidity) {
		t.Fatalf("other UIDVALIDITY: err = %v", err)
	}
	if err := s.SetFolderState(ctx, "work", "INBOX", FolderState{UIDValidity: 7, UIDNext: 3, HighestModSeq: 1 << 40}); err != nil {
		t.Fatal(err)
	}
	if f := folderT(t, s, "work", "INBOX"); f.State != (FolderState{7, 3, 1 << 40}) {
		t.Errorf("state = %+v", f.State)
	}
	if err := s.ResetFolder(ctx, "work", "INBOX", 8); err != nil {
		t.Fatal(err)
	}
	f := folderT(t, s, "work", "INBOX")
	if f.Total != 0 || f.State != (FolderState{UIDValidity: 8}) {
		t.Errorf("after reset: %+v", f)
	}
	if err := s.UpsertMessages(ctx, "work", "INBOX", 8, []Message{msg(1, "new", "fresh")}); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Search(ctx, "x", SearchOptions{}); len(p.Messages) != 0 {
		t.Errorf("index kept reset messages: %v", subjects(p.Messages))
	}
}

func TestMissingFolder(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	if err := s.UpsertMessages(ctx, "work", "Nope", 1, []Message{msg(1, "a", "b")}); !errors.Is(err, ErrNotFound) {
		t.Errorf("UpsertMessages: %v", err)
	}
	if err := s.SetFolderState(ctx, "work", "Nope", FolderState{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("SetFolderState: %v", err)
	}
	if _, err := s.List(ctx, "work", "Nope", ListOptions{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("List: %v", err)
	}
	if _, err := s.Message(ctx, 42); !errors.Is(err, ErrNotFound) {
		t.Errorf("Message: %v", err)
	}
}

func TestFoldersAndDelete(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	mustFolder(t, s, "work", "Sent", RoleSent)
	mustFolder(t, s, "home", "INBOX", RoleInbox)
	mustFolder(t, s, "work", "Sent", RoleArchive) // role update
	mustUpsert(t, s, "work", "Sent", msg(1, "me", "sent thing"))

	all, err := s.Folders(ctx, "")
	if err != nil || len(all) != 3 {
		t.Fatalf("Folders(all) = %v, %v", all, err)
	}
	work, _ := s.Folders(ctx, "work")
	if len(work) != 2 || work[1].Name != "Sent" || work[1].Role != RoleArchive || work[1].Total != 1 {
		t.Errorf("Folders(work) = %+v", work)
	}
	if err := s.DeleteFolder(ctx, "work", "Sent"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Search(ctx, "sent", SearchOptions{}); len(p.Messages) != 0 {
		t.Errorf("deleted folder's messages still found")
	}
	if err := s.DeleteFolder(ctx, "work", "Sent"); !errors.Is(err, ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

// Batches below, above and across what a folder holds: the known UIDs
// get their new flags, the others are added, none twice.
func TestUpsertBatchesAroundStoredUIDs(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	var stored []Message
	for u := uint32(10); u <= 20; u++ {
		stored = append(stored, msg(u, "alice", fmt.Sprint("m", u)))
	}
	mustUpsert(t, s, "a", "INBOX", stored...)
	seen := msg(15, "alice", "m15")
	seen.Flags.Seen = true
	mustUpsert(t, s, "a", "INBOX", msg(5, "bob", "below"), seen, msg(25, "carol", "above")) // across
	mustUpsert(t, s, "a", "INBOX", msg(1, "dan", "lower still"))                            // below
	mustUpsert(t, s, "a", "INBOX", msg(30, "eve", "higher still"))                          // above
	uids, err := s.LocalUIDs(ctx, "a", "INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if len(uids) != 15 || uids[0] != 1 || uids[len(uids)-1] != 30 {
		t.Fatalf("uids %v, want 1, 5, 10–20, 25, 30 once each", uids)
	}
	m, err := s.MessageByUID(ctx, "a", "INBOX", 15)
	if err != nil || !m.Flags.Seen || m.Subject != "m15" {
		t.Fatalf("uid 15: %+v, %v; want the stored row, now seen", m, err)
	}
	if f, err := s.Folder(ctx, "a", "INBOX"); err != nil || f.Total != 15 {
		t.Fatalf("folder %+v, %v", f, err)
	}
}
