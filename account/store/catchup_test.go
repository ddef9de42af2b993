package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// noIdle turns the background catch-up off, for tests that count what
// each catch-up does.
func noIdle(s *Store) { s.idle.delay = 0 }

// pendingCount is the rows not yet threaded and indexed.
func pendingCount(t *testing.T, s *Store) int {
	t.Helper()
	var n int
	if err := s.r.QueryRowContext(ctxT(t), `SELECT count(*) FROM messages WHERE thread_id = `+pendingSQL).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// ftsRows counts index entries and distinct rowids among them.
func ftsRows(t *testing.T, s *Store) (entries, distinct int) {
	t.Helper()
	if err := s.r.QueryRowContext(ctxT(t), `SELECT count(*), count(DISTINCT rowid) FROM message_fts`).Scan(&entries, &distinct); err != nil {
		t.Fatal(err)
	}
	return entries, distinct
}

func TestWritesLeaveThreadingAndIndexToCatchUp(t *testing.T) {
	s := openT(t, noIdle)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	root := msg(1, "alice", "Budget plan")
	root.MessageID = "<r1@x>"
	reply := msg(2, "bob", "Re: Budget plan")
	reply.InReplyTo = "<r1@x>"
	mustUpsert(t, s, "a", "INBOX", root, reply, msg(3, "carol", "Holiday photos"))
	if n := pendingCount(t, s); n != 3 {
		t.Fatalf("%d rows pending after the write, want 3 (the write path threads nothing)", n)
	}
	if e, _ := ftsRows(t, s); e != 0 {
		t.Fatalf("%d index entries after the write, want 0", e)
	}

	// A search catches up first and finds the new rows.
	p, err := s.Search(ctx, "budget", SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := uidsOf(p.Messages); fmt.Sprint(got) != "[2 1]" {
		t.Fatalf("search found %v, want [2 1]", got)
	}
	if n := pendingCount(t, s); n != 0 {
		t.Fatalf("%d rows pending after a search", n)
	}
	ts, err := s.Threads(ctx, "a", "INBOX", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 2 || ts[1].Count != 2 || ts[1].Latest.UID != 2 {
		t.Fatalf("threads %+v, want the holiday thread and a budget thread of 2", ts)
	}
	if n, err := s.CatchUp(ctx); err != nil || n != 0 {
		t.Fatalf("CatchUp after a read: %d rows, %v; want 0", n, err)
	}
	if e, d := ftsRows(t, s); e != 3 || d != 3 {
		t.Fatalf("%d index entries (%d distinct), want 3", e, d)
	}
}

// A newest-first list shows rows as soon as they are stored, without
// waiting for threading and indexing (a window refreshing during a first
// sync must not make the sync wait); their ThreadID is 0 until then.
func TestNewestFirstListDoesNotCatchUp(t *testing.T) {
	ctx := ctxT(t)
	s := openT(t, noIdle)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", msg(1, "alice", "Hello"), msg(2, "bob", "Re: Hello"))
	for _, read := range []func() (Page, error){
		func() (Page, error) { return s.List(ctx, "a", "INBOX", ListOptions{}) },
		func() (Page, error) { return s.UnifiedInbox(ctx, ListOptions{}) },
		func() (Page, error) { return s.List(ctx, "a", "INBOX", ListOptions{Filter: Filter{Unread: true}}) },
	} {
		p, err := read()
		if err != nil || len(p.Messages) != 2 {
			t.Fatalf("%d rows, %v", len(p.Messages), err)
		}
		if p.Messages[0].ThreadID != 0 {
			t.Errorf("thread %d for a row not threaded yet, want 0", p.Messages[0].ThreadID)
		}
	}
	if n := pendingCount(t, s); n != 2 {
		t.Fatalf("%d rows pending after newest-first lists, want 2 (no catch-up)", n)
	}
	if _, err := s.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	p, err := s.List(ctx, "a", "INBOX", ListOptions{})
	if err != nil || len(p.Messages) != 2 || p.Messages[0].ThreadID == 0 || p.Messages[0].ThreadID != p.Messages[1].ThreadID {
		t.Fatalf("after CatchUp: %+v, %v; want both rows in one thread", p.Messages, err)
	}
}

func TestEveryReadSeesThreads(t *testing.T) {
	ctx := ctxT(t)
	for name, read := range map[string]func(s *Store) (int64, error){
		"List by sender": func(s *Store) (int64, error) {
			p, err := s.List(ctx, "a", "INBOX", ListOptions{Sort: BySender})
			if err != nil || len(p.Messages) == 0 {
				return 0, fmt.Errorf("%d rows, %w", len(p.Messages), err)
			}
			return p.Messages[0].ThreadID, nil
		},
		"Threads": func(s *Store) (int64, error) {
			ts, err := s.Threads(ctx, "a", "INBOX", 10, 0)
			if err != nil || len(ts) == 0 {
				return 0, fmt.Errorf("%d threads, %w", len(ts), err)
			}
			return ts[0].ID, nil
		},
		"UnifiedInbox by sender": func(s *Store) (int64, error) {
			p, err := s.UnifiedInbox(ctx, ListOptions{Sort: BySender})
			if err != nil || len(p.Messages) == 0 {
				return 0, fmt.Errorf("%d rows, %w", len(p.Messages), err)
			}
			return p.Messages[0].ThreadID, nil
		},
		"MessageByUID": func(s *Store) (int64, error) {
			m, err := s.MessageByUID(ctx, "a", "INBOX", 1)
			return m.ThreadID, err
		},
		"Message": func(s *Store) (int64, error) {
			var id int64
			if err := s.r.QueryRowContext(ctx, `SELECT id FROM messages`).Scan(&id); err != nil {
				return 0, err
			}
			m, err := s.Message(ctx, id)
			return m.ThreadID, err
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := openT(t)
			mustFolder(t, s, "a", "INBOX", RoleInbox)
			mustUpsert(t, s, "a", "INBOX", msg(1, "alice", "Hello"))
			id, err := read(s)
			if err != nil {
				t.Fatal(err)
			}
			if id == 0 {
				t.Fatal("read a row before it was threaded")
			}
		})
	}
}

func TestCatchUpCancelledResumesWithoutDuplicates(t *testing.T) {
	s := openT(t, noIdle)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	const n = 2*indexBatch + 500
	if err := s.UpsertMessages(ctxT(t), "a", "INBOX", 1, synth(0, n)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(ctxT(t))
	s.indexed = func(int) { cancel() } // stop after the first batch
	done, err := s.CatchUp(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled CatchUp: %v, want context.Canceled", err)
	}
	if done != indexBatch {
		t.Fatalf("cancelled CatchUp did %d rows, want the one batch %d", done, indexBatch)
	}
	if p := pendingCount(t, s); p != n-indexBatch {
		t.Fatalf("%d rows pending after the cancelled catch-up, want %d", p, n-indexBatch)
	}
	s.indexed = nil
	rest, err := s.CatchUp(ctxT(t))
	if err != nil || rest != n-indexBatch {
		t.Fatalf("resumed CatchUp: %d rows, %v; want %d", rest, err, n-indexBatch)
	}
	if e, d := ftsRows(t, s); e != n || d != n {
		t.Fatalf("%d index entries (%d distinct), want %d", e, d, n)
	}
	assertSynthThreads(t, s, n)
}

// assertSynthThreads checks synth's threads of five: every message is in
// its root's thread, and roots are apart.
func assertSynthThreads(t *testing.T, s *Store, n int) {
	t.Helper()
	rows, err := s.r.QueryContext(ctxT(t), `SELECT uid, thread_id FROM messages m
		JOIN folders f ON f.id = m.folder_id WHERE f.account = 'a' AND f.name = 'INBOX'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	thread := map[uint32]int64{}
	for rows.Next() {
		var uid uint32
		var id int64
		if err := rows.Scan(&uid, &id); err != nil {
			t.Fatal(err)
		}
		thread[uid] = id
	}
	if len(thread) != n {
		t.Fatalf("%d rows, want %d", len(thread), n)
	}
	roots := map[int64]uint32{}
	for k := range n {
		uid, root := uint32(k+1), uint32(k-k%5+1)
		if thread[uid] == 0 || thread[uid] != thread[root] {
			t.Fatalf("uid %d in thread %d, its root %d in %d", uid, thread[uid], root, thread[root])
		}
		if uid == root {
			if other, ok := roots[thread[uid]]; ok {
				t.Fatalf("roots %d and %d share thread %d", other, uid, thread[uid])
			}
			roots[thread[uid]] = uid
		}
	}
}

func TestCatchUpAfterReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wren.db")
	s, err := Open(ctxT(t), path, noIdle)
	if err != nil {
		t.Fatal(err)
	}
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	const n = 1200
	if err := s.UpsertMessages(ctxT(t), "a", "INBOX", 1, synth(0, n)); err != nil {
		t.Fatal(err)
	}
	// Closed before the idle catch-up: as after a crash, the rows wait.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctxT(t), path, noIdle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if p := pendingCount(t, s); p != n {
		t.Fatalf("%d rows pending after reopening, want %d", p, n)
	}
	p, err := s.Search(ctxT(t), "subject:invoice", SearchOptions{Limit: n})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Messages) == 0 {
		t.Fatal("search after reopening found nothing")
	}
	if e, d := ftsRows(t, s); e != n || d != n {
		t.Fatalf("%d index entries (%d distinct), want %d", e, d, n)
	}
	assertSynthThreads(t, s, n)
}

func TestCatchUpMergesAcrossBatches(t *testing.T) {
	s := openT(t, noIdle)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	x := msg(1, "alice", "Plans")
	x.MessageID = "<x@h>"
	y := msg(2, "bob", "Tickets")
	y.MessageID = "<y@h>"
	mustUpsert(t, s, "a", "INBOX", x, y)
	if n, err := s.CatchUp(ctx); err != nil || n != 2 {
		t.Fatalf("CatchUp: %d, %v", n, err)
	}
	// Filler pushes the linking message into a later batch of the same
	// catch-up.
	var filler []Message
	for i := range indexBatch + 10 {
		m := msg(uint32(10+i), "filler", fmt.Sprintf("Note %d", i))
		m.MessageID = fmt.Sprintf("<f%d@h>", i)
		filler = append(filler, m)
	}
	mustUpsert(t, s, "a", "INBOX", filler...)
	z := msg(5000, "carol", "Re: Plans")
	z.References = []string{"<x@h>", "<y@h>"}
	mustUpsert(t, s, "a", "INBOX", z)
	batches := 0
	s.indexed = func(int) { batches++ }
	if n, err := s.CatchUp(ctx); err != nil || n != len(filler)+1 {
		t.Fatalf("CatchUp: %d, %v; want %d", n, err, len(filler)+1)
	}
	if batches < 2 {
		t.Fatalf("%d batches, want the link in a later one", batches)
	}
	var ids []int64
	for _, uid := range []uint32{1, 2, 5000} {
		m, err := s.MessageByUID(ctx, "a", "INBOX", uid)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ThreadID)
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Fatalf("threads %v, want one thread for the merge", ids)
	}
	ms, err := s.ThreadMessages(ctx, ids[0])
	if err != nil || len(ms) != 3 {
		t.Fatalf("thread has %d messages (%v), want 3", len(ms), err)
	}
}

func TestMergeWithinOneCatchUpBatch(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	x := msg(1, "alice", "Plans")
	x.MessageID = "<x@h>"
	y := msg(2, "bob", "Tickets")
	y.MessageID = "<y@h>"
	y2 := msg(3, "dave", "Re: Tickets")
	y2.InReplyTo = "<y@h>"
	z := msg(4, "carol", "Re: Plans")
	z.References = []string{"<x@h>", "<y@h>"}
	mustUpsert(t, s, "a", "INBOX", x, y, y2, z)
	p, err := s.List(ctx, "a", "INBOX", ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range p.Messages {
		if m.ThreadID != p.Messages[0].ThreadID {
			t.Fatalf("uid %d in thread %d, uid %d in %d: want one", m.UID, m.ThreadID, p.Messages[0].UID, p.Messages[0].ThreadID)
		}
	}
}

func TestDeletingAPendingRow(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", msg(1, "alice", "Invoice one"), msg(2, "bob", "Invoice two"))
	if err := s.DeleteMessages(ctx, "a", "INBOX", []uint32{2}); err != nil {
		t.Fatal(err)
	}
	// The next row may take the deleted one's id: it must be indexed.
	mustUpsert(t, s, "a", "INBOX", msg(3, "carol", "Invoice three"))
	p, err := s.Search(ctx, "invoice", SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := uidsOf(p.Messages); fmt.Sprint(got) != "[3 1]" {
		t.Fatalf("search found %v, want [3 1]", got)
	}
	if e, d := ftsRows(t, s); e != 2 || d != 2 {
		t.Fatalf("%d index entries (%d distinct), want 2", e, d)
	}
}

func TestBodyTextOfAPendingRow(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", msg(1, "alice", "Lunch"))
	var id int64
	if err := s.r.QueryRowContext(ctx, `SELECT id FROM messages`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBodyText(ctx, id, "the pineapple question"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"pineapple", "lunch", "from:alice"} {
		p, err := s.Search(ctx, q, SearchOptions{})
		if err != nil || len(p.Messages) != 1 {
			t.Fatalf("search %q: %d results, %v; want 1", q, len(p.Messages), err)
		}
	}
	if e, d := ftsRows(t, s); e != 1 || d != 1 {
		t.Fatalf("%d index entries (%d distinct), want 1", e, d)
	}
}

func TestIdleCatchUp(t *testing.T) {
	s := openT(t, func(s *Store) { s.idle.delay = 10 * time.Millisecond })
	done := make(chan struct{})
	var once bool
	s.indexed = func(int) {
		if !once {
			once = true
			close(done)
		}
	}
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", msg(1, "alice", "Hello"), msg(2, "bob", "Hi"))
	select {
	case <-done:
	case <-ctxT(t).Done():
		t.Fatal("no catch-up after the writes paused")
	}
	if p := pendingCount(t, s); p != 0 {
		t.Fatalf("%d rows pending after the idle catch-up", p)
	}
}

func TestV5KeepsAnOlderStoresIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "wren.db")
	old, err := openWith(ctxT(t), path, migrations[:4], noIdle)
	if err != nil {
		t.Fatal(err)
	}
	mustFolder(t, old, "a", "INBOX", RoleInbox)
	mustUpsert(t, old, "a", "INBOX", msg(1, "alice", "Quarterly report"), msg(2, "bob", "Quarterly plan"))
	if n := catchUpOld(t, old); n != 2 {
		t.Fatalf("caught up %d rows on schema 4, want 2", n)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctxT(t), path, noIdle)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	var v int
	if err := s.r.QueryRowContext(ctxT(t), `PRAGMA user_version`).Scan(&v); err != nil || v != migrations[len(migrations)-1].version {
		t.Fatalf("schema %d (%v), want the latest", v, err)
	}
	if err := s.DeleteMessages(ctxT(t), "a", "INBOX", []uint32{2}); err != nil {
		t.Fatal(err)
	}
	p, err := s.Search(ctxT(t), "quarterly", SearchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := uidsOf(p.Messages); fmt.Sprint(got) != "[1]" {
		t.Fatalf("search found %v, want [1]", got)
	}
	if e, d := ftsRows(t, s); e != 1 || d != 1 {
		t.Fatalf("%d index entries (%d distinct) after deleting an indexed row, want 1", e, d)
	}
}

// A sync's texts thread and index their own rows only: the sync's other
// rows stay waiting for the catch-up beside it (a text of the newest
// message must not index a first sync's thousands in the sync's path).
// The texts are searchable, kept as the text part, and a UID gone meanwhile
// is skipped.
func TestSaveTextsIndexesOnlyTheirRows(t *testing.T) {
	s := openT(t, noIdle)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	var ms []Message
	for i := range 50 {
		ms = append(ms, msg(uint32(i+1), "alice", fmt.Sprintf("Note %d", i)))
	}
	mustUpsert(t, s, "a", "INBOX", ms...)
	err := s.SaveTexts(ctx, "a", "INBOX", []UIDText{{UID: 50, Text: "the pineapple question"}, {UID: 49, Text: "mango"}, {UID: 99, Text: "gone"}})
	if err != nil {
		t.Fatal(err)
	}
	if p := pendingCount(t, s); p != 48 {
		t.Errorf("%d rows pending, want the 48 without a text", p)
	}
	var id int64
	if err := s.r.QueryRowContext(ctx, `SELECT id FROM messages WHERE uid = 50`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if data, err := s.GetPart(ctx, id, "TEXT"); err != nil || string(data) != "the pineapple question" {
		t.Errorf("text part %q, %v", data, err)
	}
	for q, want := range map[string]int{"pineapple": 1, "mango": 1, "from:alice": 50} {
		p, err := s.Search(ctx, q, SearchOptions{Limit: 100})
		if err != nil || len(p.Messages) != want {
			t.Errorf("search %q: %d results, %v; want %d", q, len(p.Messages), err, want)
		}
	}
}

// A bulk catch-up threads and indexes every waiting row in one pass of
// up to bulkMost rows, reading them a batch at a time: threads come out
// the same across batches and passes.
func TestCatchUpBulk(t *testing.T) {
	s := openT(t, noIdle)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	const n = 2*indexBatch + 1300
	s.bulkMost = indexBatch + 1000
	mustUpsert(t, s, "a", "INBOX", synth(0, n)...)
	var passes []int
	s.indexed = func(n int) { passes = append(passes, n) }
	did, err := s.CatchUpBulk(ctx)
	if err != nil || did != n || pendingCount(t, s) != 0 {
		t.Fatalf("caught up %d, %v; %d pending", did, err, pendingCount(t, s))
	}
	if !slices.Equal(passes, []int{s.bulkMost, n - s.bulkMost}) {
		t.Errorf("passes %v, want %d then %d", passes, s.bulkMost, n-s.bulkMost)
	}
	if e, d := ftsRows(t, s); e != n || d != n {
		t.Errorf("%d index entries (%d distinct), want %d", e, d, n)
	}
	assertSynthThreads(t, s, n)
	if p, err := s.Search(ctx, "from:"+synth(7, 1)[0].From.Addr, SearchOptions{}); err != nil || len(p.Messages) == 0 {
		t.Errorf("search after the bulk catch-up: %v, %v", p, err)
	}
}

// Ids without gaps are read as a range, others as a list; both select
// exactly the ids given.
func TestIDsIn(t *testing.T) {
	s := openT(t, noIdle)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", synth(0, 10)...)
	for _, c := range []struct {
		ids   []int64
		shape string
	}{{[]int64{3, 4, 5, 6}, "BETWEEN"}, {[]int64{2, 5, 9}, "json_each"}, {[]int64{7}, "BETWEEN"}} {
		where, args := idsIn("id", c.ids)
		if !strings.Contains(where, c.shape) {
			t.Errorf("%v: %q, want a %s", c.ids, where, c.shape)
		}
		rows, err := s.r.QueryContext(ctx, `SELECT id FROM messages WHERE `+where+` ORDER BY id`, args...)
		if err != nil {
			t.Fatal(err)
		}
		got, err := column[int64](rows, "ids")
		if err != nil || !slices.Equal(got, c.ids) {
			t.Errorf("%v selected %v, %v", c.ids, got, err)
		}
	}
}
