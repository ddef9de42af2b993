package session

import (
	"bytes"
	"testing"

	"wren/account/imapsync"
	"wren/account/store"
)

// A message opened once is read from the cache afterwards, and its
// attachments are known to the store.
func TestFetchMessageCachesSourceAndParts(t *testing.T) {
	ctx := t.Context()
	s := headersOnlyDemo(t)
	page, err := s.Store.List(ctx, "Demo", "INBOX", store.ListOptions{Limit: 1, Filter: store.Filter{HasAttachment: true}})
	if err != nil || len(page.Messages) != 1 {
		t.Fatalf("no demo message with an attachment: %v", err)
	}
	m := page.Messages[0]
	msg, raw, err := s.FetchMessage(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Attachments) == 0 {
		t.Fatal("parsed message has no attachments")
	}
	cached, err := s.Store.GetPart(ctx, m.ID, SourcePart)
	if err != nil || !bytes.Equal(cached, raw) {
		t.Fatalf("source not cached: %v", err)
	}
	d, err := s.Store.Message(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range d.Parts {
		if p.ID == msg.Attachments[0].Section && p.Filename == msg.Attachments[0].Filename {
			found = true
		}
	}
	if !found {
		t.Fatalf("attachment %q not in the stored parts %+v", msg.Attachments[0].Filename, d.Parts)
	}
	// The second reading needs no server: point the account at a closed port.
	s.accounts[0].Incoming.Port = 1
	again, err := s.FetchSource(ctx, m)
	if err != nil || !bytes.Equal(again, raw) {
		t.Fatalf("second reading: %v", err)
	}
}

// headersOnlyDemo is a demo session synced once without any texts, so
// every message's body still has to come from the server.
func headersOnlyDemo(t *testing.T) *Session {
	t.Helper()
	ctx := t.Context()
	s, err := OpenDemo(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	conn, err := s.dialer(&s.accounts[0])(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := (&imapsync.Engine{Store: imapsync.OnStore(s.Store, "Demo")}).Sync(ctx, conn); err != nil {
		t.Fatal(err)
	}
	return s
}
