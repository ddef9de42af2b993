package session

import (
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/actions"
	"wren/transport/testserver"
)

// An action taken while the session is online reaches the server at once
// (not at the next reconnection), and the sync it wakes agrees with it:
// the moved message is in Archive, not back in the Inbox.
func TestActWhileOnlineReachesTheServer(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := guard(t)
	c := srv.Client(t, ctx, u)
	testserver.Append(t, ctx, c, u.Address, "keep")
	testserver.Append(t, ctx, c, u.Address, "move me")

	s := realSession(t, srv, u)
	waitOnline := onlineReports(t, ctx, s)
	s.Start(ctx)
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
