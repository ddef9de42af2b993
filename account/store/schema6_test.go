package store

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A schema-5 store keeps its POP3 pending marks (then separate rows) and
// its caught-up rows through the move to schema 6.
func TestV6MigratesPendingMarksAndIndexes(t *testing.T) {
	ctx := ctxT(t)
	s := migrated(t, 5, func(old *Store) {
		mustFolder(t, old, "a", "INBOX", RoleInbox)
		mustUpsert(t, old, "a", "INBOX", msg(1, "zed", "Quarterly report"), msg(2, "amy", "Quarterly plan"))
		if n := catchUpOld(t, old); n != 2 {
			t.Fatalf("caught up %d rows on schema 5, want 2", n)
		}
		// Schema 5's POP3 layout: "U1" listed by header as local UID 1 and
		// still pending, "U2" kept whole.
		mustFolder(t, old, "pop", POP3Inbox, RoleInbox)
		mustUpsert(t, old, "pop", POP3Inbox, msg(1, "carol", "header only"))
		for _, r := range []struct {
			uidl string
			val  int64
		}{{"U1", 1000}, {" pending U1", 1}, {"U2", 2000}} {
			if _, err := old.w.ExecContext(ctx, `INSERT INTO pop3 (account, uidl, downloaded) VALUES ('pop', ?, ?)`, r.uidl, r.val); err != nil {
				t.Fatal(err)
			}
		}
	})
	got, err := s.POP3Downloaded(ctx, "pop")
	if err != nil || len(got) != 2 || !got["U1"].Equal(time.UnixMilli(1000)) || !got["U2"].Equal(time.UnixMilli(2000)) {
		t.Fatalf("downloaded after migration = %v, %v", got, err)
	}
	pending, err := s.POP3Pending(ctx, "pop")
	if err != nil || len(pending) != 1 || !pending["U1"] {
		t.Fatalf("pending after migration = %v, %v", pending, err)
	}
	if err := s.AddPOP3Sources(ctx, "pop", []POP3Source{{UIDL: "U1", Raw: []byte("Subject: header only\r\n\r\nnow whole"), Text: "now whole"}}); err != nil {
		t.Fatal(err)
	}
	if pending, _ := s.POP3Pending(ctx, "pop"); len(pending) != 0 {
		t.Fatalf("still pending after the source came: %v", pending)
	}
	// Rows caught up under schema 5 are in the rebuilt partial indexes.
	p, err := s.List(ctx, "a", "INBOX", ListOptions{Sort: BySender})
	if err != nil {
		t.Fatal(err)
	}
	if got := subjects(p.Messages); fmt.Sprint(got) != "[Quarterly plan Quarterly report]" {
		t.Fatalf("by sender after migration: %v", got)
	}
	if p, err := s.Search(ctx, "quarterly", SearchOptions{}); err != nil || len(p.Messages) != 2 {
		t.Fatalf("search after migration: %v, %v", subjects(p.Messages), err)
	}
}

// The partial indexes are used: SQLite takes one only when a query names
// its condition, and a query that silently stopped doing so would scan
// the table (fine in tests, seconds at 100k).
func TestQueriesUseThePartialIndexes(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", msg(1, "alice", "hello"))
	plan := func(q string, args ...any) string {
		t.Helper()
		rows, err := s.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			b.WriteString(detail + "\n")
		}
		return b.String()
	}
	sender, order := listWhere("m.folder_id = ?", []any{1}, ListOptions{Sort: BySender})
	flagged := searchWhere(where{}, Query{Flagged: true}, SearchOptions{})
	for _, c := range []struct {
		q     string
		args  []any
		index string
	}{
		{"SELECT id FROM messages WHERE thread_id = " + pendingSQL, nil, "messages_pending"},
		{pageSQL(msgFrom, sender, order), append(sender.args, 51), "messages_folder_sender"},
		{pageSQL(msgFrom, flagged, "m.date DESC, m.id DESC"), append(flagged.args, 51), "messages_date"},
		{threadSQL, []any{7}, "messages_thread"},
	} {
		if p := plan(c.q, c.args...); !strings.Contains(p, c.index) {
			t.Errorf("%s\nplan:\n%s\nwant %s", c.q, p, c.index)
		}
	}
}
