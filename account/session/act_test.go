package session

import (
	"context"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/actions"
	"wren/account/imapsync"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// An action taken while the session is online reaches the server at once
// (not at the next reconnection), and the sync it wakes agrees with it:
// the moved message is in Archive, not back in the Inbox.
func TestActWhileOnlineReachesTheServer(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	// A guard, not a measure: without one a missing wake-up would hang
	// the test until go test's own timeout.
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	c, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	for _, subject := range []string{"keep", "move me"} {
		msg := "From: a@wren.test\r\nTo: " + u.Address + "\r\nSubject: " + subject + "\r\n\r\nx\r\n"
		if _, err := c.Append(ctx, "INBOX", nil, time.Now(), strings.NewReader(msg), int64(len(msg))); err != nil {
			t.Fatal(err)
		}
	}

	s := realSession(t, srv, u)
	online := make(chan struct{}, 8)
	s.OnStatus(func(_ string, st imapsync.Status) {
		if st.State == imapsync.StateOnline {
			online <- struct{}{}
		}
	})
	s.Start(ctx)
	waitOnline := func() {
		t.Helper()
		select {
		case <-online:
		case <-ctx.Done():
			t.Fatal("the session never came online")
		}
	}
	waitOnline()
	if err := s.Act(ctx, "Real", "INBOX", []uint32{2}, actions.Move, "Archive"); err != nil {
		t.Fatal(err)
	}
	waitOnline() // the sync the action woke
	if _, err := c.Select(ctx, "Archive", true); err != nil {
		t.Fatal(err)
	}
	uids, err := c.UIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(expandUIDs(uids)); n != 1 {
		t.Fatalf("Archive on the server holds %d messages, want the moved one", n)
	}
	local, err := s.Store.LocalUIDs(ctx, "Real", "INBOX")
	if err != nil || len(local) != 1 || local[0] != 1 {
		t.Fatalf("local Inbox %v, %v; want only the kept message", local, err)
	}
	if archived, err := s.Store.LocalUIDs(ctx, "Real", "Archive"); err != nil || len(archived) != 1 {
		t.Fatalf("local Archive %v, %v; want the moved message", archived, err)
	}
}

func expandUIDs(set goimap.UIDSet) []goimap.UID {
	var out []goimap.UID
	for _, r := range set {
		for u := r.Start; u <= r.Stop && u != 0; u++ {
			out = append(out, u)
		}
	}
	return out
}
