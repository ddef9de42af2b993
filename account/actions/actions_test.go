package actions

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// With the real Dovecot: actions taken while offline change the store at
// once, survive a restart of the store, and reach the server on replay;
// a sync afterwards agrees with them.
func TestQueuedActionsReplayedAfterReconnect(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := t.Context()
	c := dial(t, srv, u)
	for i := range 4 {
		msg := "From: a@wren.test\r\nTo: " + u.Address + "\r\nSubject: m" + string(rune('0'+i)) + "\r\n\r\nx\r\n"
		if _, err := c.Append(ctx, "INBOX", nil, time.Now(), strings.NewReader(msg), int64(len(msg))); err != nil {
			t.Fatal(err)
		}
	}
	db := filepath.Join(t.TempDir(), "mail.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	e := &imapsync.Engine{Store: imapsync.OnStore(st, "a")}
	if _, err := e.Sync(ctx, c); err != nil {
		t.Fatal(err)
	}

	// Offline: read 1, flag 2, junk 3, move 4 to Archive.
	q := &Queue{Store: st}
	must(t, q.Do(ctx, "a", "INBOX", []uint32{1}, Read, ""))
	must(t, q.Do(ctx, "a", "INBOX", []uint32{2}, Flag, ""))
	must(t, q.Do(ctx, "a", "INBOX", []uint32{3}, Junk, "Junk"))
	must(t, q.Do(ctx, "a", "INBOX", []uint32{4}, Move, "Archive"))
	if m, _ := st.MessageByUID(ctx, "a", "INBOX", 1); !m.Flags.Seen {
		t.Error("read did not change the store at once")
	}
	if uids, _ := st.LocalUIDs(ctx, "a", "INBOX"); len(uids) != 2 {
		t.Errorf("inbox holds %v locally, want 1 and 2", uids)
	}
	st.Close()

	// Restart and reconnect.
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q = &Queue{Store: st}
	c2 := dial(t, srv, u)
	n, err := q.Replay(ctx, "a", c2)
	if err != nil || n != 4 {
		t.Fatalf("replayed %d, %v", n, err)
	}
	if left, _ := st.Actions(ctx, "a"); len(left) != 0 {
		t.Fatalf("%d actions left", len(left))
	}
	mb, err := c2.Select(ctx, "INBOX", true)
	if err != nil || mb.Messages != 2 {
		t.Fatalf("server inbox: %+v, %v", mb, err)
	}
	for folder, want := range map[string]uint32{"Junk": 1, "Archive": 1} {
		if mb, err := c2.Select(ctx, folder, true); err != nil || mb.Messages != want {
			t.Errorf("%s on the server: %+v, %v", folder, mb, err)
		}
	}
	e = &imapsync.Engine{Store: imapsync.OnStore(st, "a")}
	if _, err := e.Sync(ctx, c2); err != nil {
		t.Fatal(err)
	}
	m1, _ := st.MessageByUID(ctx, "a", "INBOX", 1)
	m2, _ := st.MessageByUID(ctx, "a", "INBOX", 2)
	if !m1.Flags.Seen || !m2.Flags.Flagged {
		t.Errorf("after sync: 1 %+v, 2 %+v", m1.Flags, m2.Flags)
	}
	junk, _ := st.List(ctx, "a", "Junk", store.ListOptions{})
	if len(junk.Messages) != 1 || !junk.Messages[0].Flags.Junk {
		t.Errorf("junk folder %+v", junk.Messages)
	}
}

// An action on a message another client already expunged is dropped and
// the queue goes on.
func TestReplayConflictDropped(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := t.Context()
	c := dial(t, srv, u)
	msg := "From: a@wren.test\r\nSubject: gone\r\n\r\nx\r\n"
	for range 2 {
		if _, err := c.Append(ctx, "INBOX", nil, time.Now(), strings.NewReader(msg), int64(len(msg))); err != nil {
			t.Fatal(err)
		}
	}
	st, _ := store.Open(ctx, filepath.Join(t.TempDir(), "mail.db"))
	defer st.Close()
	(&imapsync.Engine{Store: imapsync.OnStore(st, "a")}).Sync(ctx, c)
	q := &Queue{Store: st}
	must(t, q.Do(ctx, "a", "INBOX", []uint32{1}, Move, "Archive"))
	must(t, q.Do(ctx, "a", "INBOX", []uint32{2}, Flag, ""))
	// Another client expunges message 1 first.
	if _, err := c.Select(ctx, "INBOX", false); err != nil {
		t.Fatal(err)
	}
	must(t, c.MarkDeleted(ctx, goimap.UIDSetNum(1)))
	must(t, c.Expunge(ctx, goimap.UIDSetNum(1)))
	n, err := q.Replay(ctx, "a", dial(t, srv, u))
	if err != nil || n != 2 {
		t.Fatalf("replay %d, %v", n, err)
	}
	if mb, _ := c.Select(ctx, "Archive", true); mb.Messages != 0 {
		t.Errorf("Archive has %d: nothing should have moved", mb.Messages)
	}
}

func dial(t *testing.T, srv *testserver.Servers, u testserver.User) *imap.Client {
	t.Helper()
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
