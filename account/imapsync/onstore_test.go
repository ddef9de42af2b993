package imapsync

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// The engine over the real SQLite store and the real Dovecot: the newest
// messages list first, search finds them, and an expunge on the server
// removes the row.
func TestRealSyncIntoStore(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := t.Context()
	c, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 4; i++ {
		appendMsg(t, c, "INBOX", u.Address, fmt.Sprintf("Quarterly report %d", i), i == 2, i)
	}
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &Engine{Store: OnStore(st, "acct"), Batch: 3, Texts: 2}
	if _, err := e.Sync(ctx, c); err != nil {
		t.Fatal(err)
	}
	page, err := st.List(ctx, "acct", "INBOX", store.ListOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Messages) != 4 || page.Messages[0].UID != 4 || page.Messages[0].From.Name != "Zoë Sender" {
		t.Fatalf("inbox page %+v", page.Messages)
	}
	if !page.Messages[2].HasAttachment {
		t.Errorf("message 2 lost its attachment mark: %+v", page.Messages[2])
	}
	folders, err := st.Folders(ctx, "acct")
	if err != nil {
		t.Fatal(err)
	}
	roles := map[store.Role]bool{}
	for _, f := range folders {
		roles[f.Role] = true
	}
	if !roles[store.RoleInbox] || !roles[store.RoleSent] || !roles[store.RoleTrash] {
		t.Errorf("folder roles %v", roles)
	}
	found, err := st.Search(ctx, "subject:quarterly", store.SearchOptions{})
	if err != nil || len(found.Messages) != 4 {
		t.Fatalf("search: %d results, %v", len(found.Messages), err)
	}

	// The two newest came with their text: readable and searchable.
	byBody, err := st.Search(ctx, "body", store.SearchOptions{})
	if err != nil || len(byBody.Messages) != 2 {
		t.Fatalf("body search: %d results, %v; want the two newest", len(byBody.Messages), err)
	}
	if text, err := st.GetPart(ctx, byBody.Messages[0].ID, "TEXT"); err != nil || !strings.HasPrefix(string(text), "Body of Quarterly report") {
		t.Errorf("kept text %q, %v", text, err)
	}

	if _, err := c.Select(ctx, "INBOX", false); err != nil {
		t.Fatal(err)
	}
	if err := c.MarkDeleted(ctx, goimap.UIDSetNum(4)); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge(ctx, goimap.UIDSetNum(4)); err != nil {
		t.Fatal(err)
	}
	if err := c.AddFlags(ctx, goimap.UIDSetNum(1), goimap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Sync(ctx, c); err != nil {
		t.Fatal(err)
	}
	page, _ = st.List(ctx, "acct", "INBOX", store.ListOptions{Limit: 10, Filter: store.Filter{Unread: true}})
	if len(page.Messages) != 2 {
		t.Fatalf("after expunge and read: %d unread, want 2 (UIDs 2 and 3)", len(page.Messages))
	}
}
