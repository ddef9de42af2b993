package session

import (
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/drafts"
	"wren/account/imapsync"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// With the real Dovecot: a saved draft gets one copy in the server's
// Drafts folder, a changed draft replaces it, and discarding the draft
// removes it.
func TestDraftCopiesOnTheServer(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := guard(t)
	s := realSession(t, srv, u)
	s.Start(ctx)
	c := userClient(t, ctx, srv, u)
	// serverDrafts lists the subjects in the server's Drafts folder.
	serverDrafts := func() []string {
		t.Helper()
		if _, err := c.Select(ctx, "Drafts", true); err != nil {
			t.Fatal(err)
		}
		var subjects []string
		err := c.FetchHeaders(ctx, goimap.UIDSet{{Start: 1, Stop: 0}}, 100, []string{"SUBJECT"}, func(s imap.HeaderSummary) error {
			var h imapsync.Header
			imapsync.ParseFields(s.Header, &h)
			subjects = append(subjects, h.Subject)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return subjects
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for !ok() {
			select {
			case <-ctx.Done():
				t.Fatalf("never: %s", what)
			case <-time.After(50 * time.Millisecond):
			}
		}
	}
	copied := func(id string, after uint32) func() bool {
		return func() bool {
			d, err := s.Drafts().Get(id)
			return err == nil && d.ServerUID != 0 && d.ServerUID != after && !d.ServerStale()
		}
	}

	d := drafts.Draft{ID: drafts.NewID(), Account: "Real", From: u.Address, To: "anna@example.com", Subject: "Plans", Body: "first"}
	if err := s.Drafts().Save(d); err != nil {
		t.Fatal(err)
	}
	s.CopyDraftsNow()
	waitFor("the first copy", copied(d.ID, 0))
	first, _ := s.Drafts().Get(d.ID)
	if got := serverDrafts(); len(got) != 1 || got[0] != "Plans" {
		t.Fatalf("server Drafts %q, want the one copy", got)
	}

	d.Subject = "Plans, again"
	if err := s.Drafts().Save(d); err != nil {
		t.Fatal(err)
	}
	s.CopyDraftsNow()
	waitFor("the replacing copy", copied(d.ID, first.ServerUID))
	if got := serverDrafts(); len(got) != 1 || got[0] != "Plans, again" {
		t.Fatalf("server Drafts %q, want only the new copy", got)
	}

	if err := s.DiscardDraft(d.ID); err != nil {
		t.Fatal(err)
	}
	waitFor("the copy removed after the discard", func() bool { return len(serverDrafts()) == 0 })
	if _, err := s.Drafts().Get(d.ID); err == nil {
		t.Error("the discarded draft is still kept locally")
	}
}
