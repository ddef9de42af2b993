package store

import (
	"testing"
)

// A schema-10 store's text thread keys become hashes: a message stored
// after the move joins the thread its references name, in its account
// only.
func TestV11HashesThreadKeys(t *testing.T) {
	ctx := ctxT(t)
	s := migrated(t, 10, func(old *Store) {
		mustFolder(t, old, "work", "INBOX", RoleInbox)
		mustFolder(t, old, "home", "INBOX", RoleInbox)
		mustUpsert(t, old, "work", "INBOX", reply(1, "Plans", "<p1@x>", ""))
		mustUpsert(t, old, "home", "INBOX", reply(1, "Other", "<o1@x>", ""))
		if n := catchUpOld(t, old); n != 2 {
			t.Fatalf("caught up %d rows on schema 10, want 2", n)
		}
		// Schema 10's keys, as its threader wrote them.
		for _, k := range []struct {
			account, key, uid string
		}{{"work", "m:p1@x", "1"}, {"work", "s:plans", "1"}, {"home", "m:o1@x", "1"}} {
			if _, err := old.w.ExecContext(ctx, `INSERT INTO thread_keys (account, key, thread_id)
				SELECT ?, ?, m.thread_id FROM messages m JOIN folders f ON f.id = m.folder_id
				WHERE f.account = ? AND m.uid = ?`, k.account, k.key, k.account, k.uid); err != nil {
				t.Fatal(err)
			}
		}
	})
	var hashes int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM thread_hashes`).Scan(&hashes); err != nil || hashes != 3 {
		t.Fatalf("%d hashed keys (%v), want 3", hashes, err)
	}
	mustUpsert(t, s, "work", "INBOX", reply(2, "Re: Plans", "<p2@x>", "<p1@x>", "<p1@x>"))
	mustUpsert(t, s, "home", "INBOX", reply(2, "Re: Plans", "<p3@x>", "<p1@x>", "<p1@x>"))
	thread := func(account string, uid uint32) int64 {
		m, err := s.MessageByUID(ctx, account, "INBOX", uid)
		if err != nil {
			t.Fatal(err)
		}
		return m.ThreadID
	}
	if thread("work", 2) != thread("work", 1) {
		t.Errorf("the reply stored after the move is in thread %d, its parent in %d", thread("work", 2), thread("work", 1))
	}
	if thread("home", 2) == thread("work", 1) {
		t.Errorf("another account's reply joined the thread of work's message")
	}
}
