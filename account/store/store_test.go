package store

import (
	"errors"
	"path/filepath"
	"slices"
	"testing"
)

func TestOpenFresh(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	var v int
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if want := migrations[len(migrations)-1].version; v != want {
		t.Errorf("user_version = %d, want %d", v, want)
	}
	var mode string
	if err := s.r.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	if err := s.w.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if fk != 1 {
		t.Errorf("foreign_keys = %d", fk)
	}
	// Readers must not write.
	if _, err := s.r.ExecContext(ctx, "INSERT INTO threads DEFAULT VALUES"); err == nil {
		t.Error("reader pool accepted a write")
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%d")
	path := filepath.Join(dir, "w.db")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctxT(t), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if !exists(path) {
		t.Errorf("store not created at %s", path)
	}
}

func TestMigrateFromV1KeepsData(t *testing.T) {
	ctx := ctxT(t)
	path := filepath.Join(t.TempDir(), "w.db")
	old, err := openWith(ctx, path, migrations[:1])
	if err != nil {
		t.Fatal(err)
	}
	mustFolder(t, old, "work", "INBOX", RoleInbox)
	mustUpsert(t, old, "work", "INBOX", msg(1, "alice", "kept"), msg(2, "bob", "also kept"))
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	defer s.Close()
	p, err := s.List(ctx, "work", "INBOX", ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := subjects(p.Messages); !slices.Equal(got, []string{"also kept", "kept"}) {
		t.Errorf("after upgrade: %q", got)
	}
	// The tables of the later versions work.
	if _, err := s.AddOutbox(ctx, OutboxItem{Account: "work", From: "a@x", To: []string{"b@y"}, Raw: []byte("x")}); err != nil {
		t.Errorf("outbox after upgrade: %v", err)
	}
	if err := s.PutPart(ctx, p.Messages[0].ID, Part{ID: "1"}, []byte("hi")); err != nil {
		t.Errorf("parts after upgrade: %v", err)
	}
}

func TestFailedMigrationKeepsFileUsable(t *testing.T) {
	ctx := ctxT(t)
	path := filepath.Join(t.TempDir(), "w.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	mustUpsert(t, s, "work", "INBOX", msg(1, "alice", "precious"))
	s.Close()

	bad := append(slices.Clone(migrations), migration{version: 99, steps: []string{
		`CREATE TABLE half_done (x)`,
		`DELETE FROM messages`,
		`INSERT INTO no_such_table VALUES (1)`,
	}})
	if _, err := openWith(ctx, path, bad); !errors.Is(err, ErrMigration) {
		t.Fatalf("failing migration: err = %v, want ErrMigration", err)
	}

	s, err = Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen after failed migration: %v", err)
	}
	defer s.Close()
	var v int
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if v != migrations[len(migrations)-1].version {
		t.Errorf("user_version = %d after rollback", v)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Error("half-applied table survived the rollback")
	}
	p, err := s.List(ctx, "work", "INBOX", ListOptions{})
	if err != nil || len(p.Messages) != 1 || p.Messages[0].Subject != "precious" {
		t.Errorf("data after failed migration: %v %v", p.Messages, err)
	}
}

func TestOpenTooNew(t *testing.T) {
	ctx := ctxT(t)
	path := filepath.Join(t.TempDir(), "w.db")
	future := append(slices.Clone(migrations), migration{version: 50, steps: []string{`CREATE TABLE future (x)`}})
	s, err := openWith(ctx, path, future)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := Open(ctx, path); !errors.Is(err, ErrTooNew) {
		t.Errorf("err = %v, want ErrTooNew", err)
	}
}
