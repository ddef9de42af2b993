package session

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/drafts"
	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/rfc822"
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
	c := srv.Client(t, ctx, u)
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

	// With an attachment: the server copy carries the file, and the
	// store lists the new copy (one row, the old one gone) at once.
	file := filepath.Join(t.TempDir(), "agenda.txt")
	if err := os.WriteFile(file, []byte("1. budget\n2. dates\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	second, _ := s.Drafts().Get(d.ID)
	d.Attach = []string{file}
	if err := s.Drafts().Save(d); err != nil {
		t.Fatal(err)
	}
	s.CopyDraftsNow()
	waitFor("the copy with the attachment", copied(d.ID, second.ServerUID))
	third, _ := s.Drafts().Get(d.ID)
	var raw bytes.Buffer
	if _, err := c.Select(ctx, "Drafts", true); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FetchBody(ctx, goimap.UID(third.ServerUID), imap.Section{}, 1<<20, &raw); err != nil {
		t.Fatal(err)
	}
	msg, err := rfc822.Parse(&raw, rfc822.Limits{})
	if err != nil || len(msg.Attachments) != 1 || msg.Attachments[0].Filename != "agenda.txt" ||
		string(msg.Attachments[0].Data) != "1. budget\n2. dates\n" {
		t.Fatalf("the server copy's attachments: %+v, %v", msg, err)
	}
	var rows []store.Message
	waitFor("the store lists the new copy alone", func() bool {
		page, err := s.Store.List(ctx, "Real", "Drafts", store.ListOptions{Limit: 10})
		rows = page.Messages
		return err == nil && len(rows) == 1 && rows[0].UID == third.ServerUID
	})
	if r := rows[0]; !r.Flags.Draft || !r.HasAttachment || r.Subject != "Plans, again" {
		t.Errorf("the Drafts row: %+v", r)
	}

	if err := s.DiscardDraft(d.ID); err != nil {
		t.Fatal(err)
	}
	waitFor("the copy removed after the discard", func() bool { return len(serverDrafts()) == 0 })
	if _, err := s.Drafts().Get(d.ID); err == nil {
		t.Error("the discarded draft is still kept locally")
	}
}
