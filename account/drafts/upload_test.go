package drafts

import (
	"bytes"
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
	"wren/transport/testserver"
)

// Against the real Dovecot: uploading a draft twice leaves one copy, the
// newest, marked \Draft.
func TestUploadKeepsOneServerCopy(t *testing.T) {
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
	d := Draft{ID: NewID(), From: "Me <" + u.Address + ">", To: "you@example.com, not an address yet", Subject: "first", Body: "hello"}
	d, err = Upload(ctx, c, "Drafts", d)
	if err != nil || d.ServerUID == 0 {
		t.Fatalf("first upload: %+v, %v", d, err)
	}
	d.Subject, d.Body = "second", "hello again"
	if d, err = Upload(ctx, c, "Drafts", d); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select(ctx, "Drafts", true); err != nil {
		t.Fatal(err)
	}
	uids, err := c.UIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nums, _ := uids.Nums()
	if len(nums) != 1 || uint32(nums[0]) != d.ServerUID {
		t.Fatalf("Drafts holds %v, want only %d", nums, d.ServerUID)
	}
	var flags []goimap.Flag
	all := goimap.UIDSet{{Start: 1, Stop: 0}}
	if err := c.FetchSummaries(ctx, all, 10, func(s imap.Summary) error { flags = s.Flags; return nil }); err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := c.FetchBody(ctx, nums[0], imap.Section{}, 1<<20, &raw); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(raw.Bytes(), []byte("Subject: second")) || !bytes.Contains(raw.Bytes(), []byte("you@example.com")) {
		t.Errorf("server copy:\n%s", raw.String())
	}
	hasDraft := false
	for _, f := range flags {
		hasDraft = hasDraft || f == goimap.FlagDraft
	}
	if !hasDraft {
		t.Errorf("flags %v lack \\Draft", flags)
	}
}
