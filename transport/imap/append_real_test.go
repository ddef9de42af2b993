package imap_test

import (
	"fmt"
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
	"wren/transport/testserver"
)

// A batch of 300 goes into the real Dovecot (LITERAL+) pipelined: every
// message arrives, with its read state, in a folder created for it.
func TestRealAppendMany(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	c := login(t, srv, srv.IMAPTLS, u)
	var ups []imap.Upload
	for i := range 300 {
		up := imap.Upload{Raw: []byte(testMessage(u.Address, fmt.Sprintf("batch-%d", i), "text"))}
		if i%2 == 0 {
			up.Flags = []goimap.Flag{goimap.FlagSeen}
		}
		ups = append(ups, up)
	}
	n, err := c.AppendMany(t.Context(), "Imported/Old", ups)
	if n != len(ups) || err != nil {
		t.Fatalf("stored %d of %d: %v", n, len(ups), err)
	}
	fs, err := c.ListCounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if f.Name != "Imported/Old" {
			continue
		}
		if f.Messages != uint32(len(ups)) || f.Unseen != uint32(len(ups)/2) {
			t.Errorf("the folder holds %d messages, %d unread; want %d, %d", f.Messages, f.Unseen, len(ups), len(ups)/2)
		}
		return
	}
	t.Errorf("no folder Imported/Old in %v", fs)
}
