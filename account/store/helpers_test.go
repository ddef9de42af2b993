package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func openT(t testing.TB, opts ...Option) *Store {
	t.Helper()
	s, err := Open(ctxT(t), filepath.Join(t.TempDir(), "wren.db"), opts...)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// msg builds a message with uid; date grows with uid.
func msg(uid uint32, from, subject string) Message {
	return Message{
		UID:     uid,
		Date:    t0.Add(time.Duration(uid) * time.Minute),
		From:    Address{Name: from, Addr: fmt.Sprintf("%s@example.com", from)},
		To:      []Address{{Name: "Me", Addr: "me@wren.test"}},
		Subject: subject,
		Size:    1000,
	}
}

func mustFolder(t testing.TB, s *Store, account, name string, role Role) {
	t.Helper()
	if err := s.UpsertFolder(ctxT(t), account, name, role); err != nil {
		t.Fatalf("UpsertFolder: %v", err)
	}
}

func mustUpsert(t testing.TB, s *Store, account, folder string, ms ...Message) {
	t.Helper()
	if err := s.UpsertMessages(ctxT(t), account, folder, 7, ms); err != nil {
		t.Fatalf("UpsertMessages: %v", err)
	}
}

func uidsOf(ms []Message) []uint32 {
	out := make([]uint32, len(ms))
	for i, m := range ms {
		out[i] = m.UID
	}
	return out
}

func subjects(ms []Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Subject
	}
	return out
}

// migrated fills a store made with the first version migrations, then
// reopens it with all of them and returns it.
func migrated(t *testing.T, version int, fill func(old *Store)) *Store {
	t.Helper()
	ctx := ctxT(t)
	path := filepath.Join(t.TempDir(), "wren.db")
	old, err := openWith(ctx, path, migrations[:version], noIdle)
	if err != nil {
		t.Fatal(err)
	}
	fill(old)
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path, noIdle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// catchUpOld threads (a thread per row) and indexes the waiting rows of a
// store at an older schema, in SQL that schema knows: today's catch-up
// writes today's tables. It returns how many rows it did.
func catchUpOld(t *testing.T, old *Store) int {
	t.Helper()
	ctx := ctxT(t)
	var n int
	for i, q := range []string{
		`INSERT INTO message_fts (rowid, sender, recipients, cc, subject, body)
			SELECT id, from_name || ' ' || from_addr, to_list, cc_list, subject, '' FROM messages WHERE thread_id = 0`,
		`INSERT INTO threads (id) SELECT id FROM messages WHERE thread_id = 0`,
		`UPDATE messages SET thread_id = id WHERE thread_id = 0`,
	} {
		r, err := old.w.ExecContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if i == 2 {
			k, _ := r.RowsAffected()
			n = int(k)
		}
	}
	return n
}
