package store

import (
	"database/sql"
	"slices"
	"testing"
)

func reply(uid uint32, subject, id, inReplyTo string, refs ...string) Message {
	m := msg(uid, "x", subject)
	m.MessageID, m.InReplyTo, m.References = id, inReplyTo, refs
	return m
}

func TestThreads(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	mustFolder(t, s, "work", "Sent", RoleSent)
	mustFolder(t, s, "home", "INBOX", RoleInbox)
	// Newest first, as the first sync fetches: the child before its parent.
	mustUpsert(t, s, "work", "INBOX",
		reply(3, "Re: Plans", "<p3@x>", "<p2@x>", "<p1@x>", "<p2@x>"),
		reply(1, "Plans", "<p1@x>", ""),
	)
	mustUpsert(t, s, "work", "Sent", reply(2, "Re: Plans", "<p2@x>", "<p1@x>", "<p1@x>"))
	mustUpsert(t, s, "work", "INBOX",
		reply(4, "Lunch", "<l1@x>", ""),
		reply(5, "RE: AW: lunch", "<l2@x>", ""), // no headers: subject fallback
		reply(6, "Hello", "<h1@x>", ""),
		reply(7, "Hello", "<h2@x>", ""), // same subject, not a reply: apart
	)
	mustUpsert(t, s, "home", "INBOX", reply(8, "Re: Plans", "<p9@x>", "<p1@x>")) // other account

	thread := func(folder string, uid uint32) int64 {
		m, err := s.MessageByUID(ctx, "work", folder, uid)
		if err != nil {
			t.Fatal(err)
		}
		return m.ThreadID
	}
	if a, b, c := thread("INBOX", 1), thread("INBOX", 3), thread("Sent", 2); a != b || a != c {
		t.Errorf("plans thread split: %d %d %d", a, b, c)
	}
	if thread("INBOX", 4) != thread("INBOX", 5) {
		t.Error("subject fallback did not join Lunch and RE: AW: lunch")
	}
	if thread("INBOX", 6) == thread("INBOX", 7) {
		t.Error("two unrelated Hello messages joined")
	}
	home, _ := s.MessageByUID(ctx, "home", "INBOX", 8)
	if home.ThreadID == thread("INBOX", 1) {
		t.Error("thread crossed accounts")
	}

	ts, err := s.Threads(ctx, "work", "INBOX", 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []uint32
	for _, th := range ts {
		got = append(got, th.Latest.UID)
	}
	// Threads by latest activity: Hello(7), Hello(6), Lunch(5), Plans(3).
	if want := []uint32{7, 6, 5, 3}; !slices.Equal(got, want) {
		t.Errorf("thread latest uids = %v, want %v", got, want)
	}
	if p := ts[3]; p.Count != 2 || p.Unread != 2 || p.ID != thread("INBOX", 1) {
		t.Errorf("plans thread = %+v", p)
	}
	if page2, _ := s.Threads(ctx, "work", "INBOX", 2, 2); len(page2) != 2 || page2[0].Latest.UID != 5 {
		t.Errorf("thread page 2 = %+v", page2)
	}

	all, err := s.ThreadMessages(ctx, thread("INBOX", 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := uidsOf(all); !slices.Equal(got, []uint32{1, 2, 3}) || all[1].Folder != "Sent" {
		t.Errorf("conversation = %v", got)
	}
}

func TestThreadMerge(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	// Two replies whose common parent is missing at first look like two
	// threads; the message that names both joins them.
	mustUpsert(t, s, "work", "INBOX", reply(1, "A", "<a@x>", ""), reply(2, "B", "<b@x>", ""))
	mustUpsert(t, s, "work", "INBOX", reply(3, "C", "<c@x>", "<b@x>", "<a@x>", "<b@x>"))
	ms, _ := s.List(ctx, "work", "INBOX", ListOptions{})
	for _, m := range ms.Messages[1:] {
		if m.ThreadID != ms.Messages[0].ThreadID {
			t.Errorf("uid %d in thread %d, want %d", m.UID, m.ThreadID, ms.Messages[0].ThreadID)
		}
	}
}

// The same merge when the two threads were stored by an earlier catch-up
// (their rows and keys move in the store), and when they were made
// earlier in the same catch-up, a batch before (only remembered until
// the rows and keys are written). Either way a later reply to the first
// joins the merged thread: no key is left on the thread merged away.
func TestThreadMergeStoredAndAcrossBatches(t *testing.T) {
	for _, stored := range []bool{true, false} {
		s := openT(t, noIdle)
		ctx := ctxT(t)
		mustFolder(t, s, "work", "INBOX", RoleInbox)
		mustUpsert(t, s, "work", "INBOX", reply(1, "A", "<a@x>", ""), reply(2, "B", "<b@x>", ""))
		if stored {
			if _, err := s.CatchUp(ctx); err != nil {
				t.Fatal(err)
			}
		}
		mustUpsert(t, s, "work", "INBOX", reply(3, "C", "<c@x>", "<b@x>", "<a@x>", "<b@x>"))
		ids, err := pendingIDs(ctx, s.r)
		if err != nil {
			t.Fatal(err)
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			_, err := catchUpRows(ctx, tx, &s.bulk, ids, 1) // a batch per row
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		mustUpsert(t, s, "work", "INBOX", reply(4, "D", "<d@x>", "<a@x>"))
		if _, err := s.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		ms, err := s.List(ctx, "work", "INBOX", ListOptions{})
		if err != nil || len(ms.Messages) != 4 {
			t.Fatalf("list: %d, %v", len(ms.Messages), err)
		}
		for _, m := range ms.Messages[1:] {
			if m.ThreadID != ms.Messages[0].ThreadID {
				t.Errorf("stored %v: uid %d in thread %d, want %d", stored, m.UID, m.ThreadID, ms.Messages[0].ThreadID)
			}
		}
		var stale int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM thread_hashes WHERE thread_id != ?`, ms.Messages[0].ThreadID).Scan(&stale); err != nil || stale != 0 {
			t.Errorf("stored %v: %d keys on another thread (%v)", stored, stale, err)
		}
	}
}

func TestBaseSubject(t *testing.T) {
	for in, want := range map[string]struct {
		base  string
		reply bool
	}{
		"Hello":                 {"hello", false},
		"Re: Hello":             {"hello", true},
		"RE: Fwd:  AW:  hello ": {"hello", true},
		"Re[2]: x":              {"x", true},
		"Meeting: agenda":       {"meeting: agenda", false},
		"":                      {"", false},
	} {
		base, reply := baseSubject(in)
		if base != want.base || reply != want.reply {
			t.Errorf("baseSubject(%q) = %q, %v; want %q, %v", in, base, reply, want.base, want.reply)
		}
	}
}
