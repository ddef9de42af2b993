package imapsync

import (
	"path/filepath"
	"testing"

	"wren/account/store"
	"wren/transport/testserver"
)

// With the real Dovecot: a folder deleted and created again under the same
// name gets a new UIDVALIDITY; the sync drops the old cache and fetches
// the new content.
func TestRealUIDValidityReset(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx := t.Context()
	c := login(t, srv, u)
	if err := c.Create(ctx, "Projects"); err != nil {
		t.Fatal(err)
	}
	appendMsg(t, c, "Projects", u.Address, "old one", false, 1)
	appendMsg(t, c, "Projects", u.Address, "old two", false, 2)
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := &Engine{Store: OnStore(st, "a")}
	if _, err := e.Sync(ctx, c); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Folder(ctx, "a", "Projects")

	if err := c.Delete(ctx, "Projects"); err != nil {
		t.Fatal(err)
	}
	if err := c.Create(ctx, "Projects"); err != nil {
		t.Fatal(err)
	}
	appendMsg(t, c, "Projects", u.Address, "new one", false, 3)
	res, err := e.Sync(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	var r FolderResult
	for _, x := range res {
		if x.Folder == "Projects" {
			r = x
		}
	}
	after, _ := st.Folder(ctx, "a", "Projects")
	if after.State.UIDValidity == before.State.UIDValidity {
		t.Fatalf("Dovecot kept UIDVALIDITY %d; the test needs a new one", before.State.UIDValidity)
	}
	page, _ := st.List(ctx, "a", "Projects", store.ListOptions{})
	if !r.Reset || len(page.Messages) != 1 || page.Messages[0].Subject != "new one" {
		t.Fatalf("after the reset: %+v, rows %+v", r, page.Messages)
	}
}
