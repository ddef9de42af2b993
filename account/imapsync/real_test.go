package imapsync

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
	"wren/transport/rfc822"
	"wren/transport/testserver"
)

// appendMsg appends a message dated n minutes from now (distinct dates
// keep the newest-first order well defined).
func appendMsg(t *testing.T, c *imap.Client, folder, from, subject string, attach bool, n int) {
	t.Helper()
	d := rfc822.Draft{
		From: rfc822.Address{Name: "Zoë Sender", Address: from}, To: []rfc822.Address{{Address: from}},
		Subject: subject, Text: "Body of " + subject + "\n", Date: time.Now().Add(time.Duration(n) * time.Minute),
	}
	if attach {
		d.Attachments = []rfc822.DraftAttachment{{Filename: "notes.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 not really")}}
	}
	var buf bytes.Buffer
	if err := rfc822.Build(&buf, d); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Append(t.Context(), folder, nil, time.Now(), bytes.NewReader(buf.Bytes()), int64(buf.Len())); err != nil {
		t.Fatal(err)
	}
}

// Against the real Dovecot: a first sync fetches everything newest first;
// a second, after changes on the server, fetches only the changed flags
// (CONDSTORE) and the new message, and drops the expunged one.
func TestRealSync(t *testing.T) {
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
	for i := 1; i <= 5; i++ {
		appendMsg(t, c, "INBOX", u.Address, fmt.Sprintf("Message %d ünïcode", i), i == 3, i)
	}
	appendMsg(t, c, "Archive", u.Address, "Archived", false, 0)

	st := newMemStore()
	var progress []Progress
	e := &Engine{Store: st, Batch: 2, OnProgress: func(p Progress) { progress = append(progress, p) }}
	res, err := e.Sync(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Folder != "INBOX" || res[0].New != 5 || res[0].Err != nil {
		t.Fatalf("first folder result %+v: want INBOX first with 5 new", res[0])
	}
	if st.count("INBOX") != 5 || st.count("Archive") != 1 {
		t.Fatalf("cached %d in INBOX, %d in Archive", st.count("INBOX"), st.count("Archive"))
	}
	if first := st.batches[0]; !slices.Equal(first, []uint32{5, 4}) && !slices.Equal(first, []uint32{4, 5}) {
		t.Errorf("first batch %v: want the newest two", first)
	}
	if last := progress[len(progress)-1]; last.Done != last.Total || last.Total != 6 {
		t.Errorf("progress ended at %+v", last)
	}
	h3, _ := st.header("INBOX", 3)
	h1, _ := st.header("INBOX", 1)
	if !h3.HasAttachment || h1.HasAttachment || h1.Subject != "Message 1 ünïcode" || len(h1.From) != 1 || h1.From[0].Name != "Zoë Sender" || h1.MessageID == "" {
		t.Errorf("headers: 3 = %+v, 1 = %+v", h3, h1)
	}
	if s := st.state["INBOX"]; s.UIDValidity == 0 || s.UIDNext != 6 || s.HighestModSeq == 0 {
		t.Errorf("state %+v", s)
	}

	// Changes on the server.
	if _, err := c.Select(ctx, "INBOX", false); err != nil {
		t.Fatal(err)
	}
	if err := c.AddFlags(ctx, goimap.UIDSetNum(1), goimap.FlagFlagged, goimap.FlagSeen); err != nil {
		t.Fatal(err)
	}
	if err := c.MarkDeleted(ctx, goimap.UIDSetNum(2)); err != nil {
		t.Fatal(err)
	}
	if err := c.Expunge(ctx, goimap.UIDSetNum(2)); err != nil {
		t.Fatal(err)
	}
	appendMsg(t, c, "INBOX", u.Address, "Message 6", false, 6)

	st.batches = nil
	res, err = e.Sync(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.New != 1 || r.Deleted != 1 || r.Changed != 1 || r.Reset {
		t.Fatalf("second sync of INBOX %+v: want 1 new, 1 deleted, 1 changed (CONDSTORE), no reset", r)
	}
	if _, ok := st.header("INBOX", 2); ok {
		t.Error("the expunged message is still cached")
	}
	if h1, _ = st.header("INBOX", 1); !slices.Contains(h1.Flags, `\Flagged`) || !slices.Contains(h1.Flags, `\Seen`) {
		t.Errorf("flags of 1 = %v", h1.Flags)
	}
	if len(st.batches) != 1 || !slices.Equal(st.batches[0], []uint32{6}) {
		t.Errorf("second sync saved headers %v: want only UID 6", st.batches)
	}
	if res[1].New != 0 || res[1].Changed != 0 {
		t.Errorf("untouched Archive: %+v", res[1])
	}

	// Nothing changed since: no folder is even listed (CONDSTORE).
	counting := &countingConn{Conn: c}
	st.localReads = 0
	if _, err := e.Sync(ctx, counting); err != nil {
		t.Fatal(err)
	}
	if counting.uids != 0 || st.localReads != 0 {
		t.Errorf("an unchanged resync listed UIDs %d times on the server, %d in the store", counting.uids, st.localReads)
	}
}

// countingConn counts the UID listings a sync makes.
type countingConn struct {
	Conn
	uids int
}

func (c *countingConn) UIDs(ctx context.Context) (UIDSet, error) {
	c.uids++
	return c.Conn.UIDs(ctx)
}
