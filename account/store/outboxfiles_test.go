package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A message kept as a file: read back by its path, removed with its item
// (by Remove and by Prune), and an unqueued file a crash left behind is
// swept once it is old enough; a path outside the outbox folder is
// refused, so removing an item can never remove another file.
func TestOutboxFiles(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	write := func(body string) string {
		t.Helper()
		f, err := s.NewOutboxFile()
		if err != nil {
			t.Fatal(err)
		}
		f.WriteString(body)
		f.Close()
		return f.Name()
	}
	a := write("Subject: a\r\n\r\nA")
	if info, err := os.Stat(s.OutboxDir()); err != nil || info.Mode().Perm() != 0o700 {
		t.Fatalf("outbox folder: %v %v", info, err)
	}
	id, err := s.AddOutbox(ctx, OutboxItem{Account: "w", From: "me@x", To: []string{"a@y"}, File: a, MessageID: "a@x"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.GetOutbox(ctx, id)
	if err != nil || got.File != a || got.Raw != nil {
		t.Fatalf("item read back: %+v %v", got, err)
	}
	if b, err := os.ReadFile(got.File); err != nil || string(b) != "Subject: a\r\n\r\nA" {
		t.Fatalf("file: %q %v", b, err)
	}

	if _, err := s.AddOutbox(ctx, OutboxItem{Account: "w", File: filepath.Join(t.TempDir(), "x.eml")}); err == nil {
		t.Fatal("a file outside the outbox folder was accepted")
	}

	if ok, err := s.RemoveOutboxIf(ctx, got); err != nil || !ok {
		t.Fatalf("remove = %v, %v", ok, err)
	}
	if _, err := os.Stat(a); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("removed item's file stays: %v", err)
	}

	b := write("Subject: b\r\n\r\nB")
	old := time.Now().Add(-48 * time.Hour)
	id, _ = s.AddOutbox(ctx, OutboxItem{Account: "w", File: b, State: OutboxSent, SentCopy: true, Created: old})
	kept := write("Subject: c\r\n\r\nC")
	if _, err := s.AddOutbox(ctx, OutboxItem{Account: "w", File: kept, State: OutboxQueued, Created: old}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.PruneOutbox(ctx, time.Now().Add(-time.Hour)); err != nil || n != 1 {
		t.Fatalf("prune: %d %v", n, err)
	}
	if _, err := os.Stat(b); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("pruned item's file stays: %v", err)
	}
	if _, err := s.GetOutbox(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("pruned item: %v", err)
	}

	orphan, fresh := write("lost"), write("being queued")
	if err := os.Chtimes(orphan, old, old); err != nil {
		t.Fatal(err)
	}
	if n, err := s.SweepOutboxFiles(ctx, time.Hour); err != nil || n != 1 {
		t.Fatalf("sweep: %d %v", n, err)
	}
	for path, want := range map[string]bool{orphan: false, fresh: true, kept: true} {
		if _, err := os.Stat(path); (err == nil) != want {
			t.Errorf("%s: exists %v after the sweep, want %v", filepath.Base(path), err == nil, want)
		}
	}
}
