package imapsync

import (
	"context"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// summariesConn answers FetchSummaries with internal dates and records
// what was asked.
type summariesConn struct {
	Conn
	asked []uint32
}

func (c *summariesConn) FetchSummaries(_ context.Context, uids UIDSet, _ int, fn func(imap.Summary) error) error {
	for _, u := range expand(uids) {
		c.asked = append(c.asked, u)
		if err := fn(imap.Summary{UID: goimap.UID(u), InternalDate: time.Unix(int64(u)*1000, 0)}); err != nil {
			return err
		}
	}
	return nil
}

// Only messages without a readable Date cost a second fetch, and they
// get the internal date.
func TestDatesOfFillsOnlyTheMissing(t *testing.T) {
	dated := time.Date(2026, 3, 3, 9, 11, 12, 0, time.UTC)
	var hs []Header
	for uid, raw := range map[uint32]string{
		1: "Date: Tue, 03 Mar 2026 10:11:12 +0100\r\nSubject: a\r\n\r\n",
		2: "Subject: no date\r\n\r\n",
		3: "Date: someday\r\nSubject: bad date\r\n\r\n",
	} {
		hs = append(hs, listHeaderOf(imap.HeaderSummary{UID: goimap.UID(uid), Header: []byte(raw)}))
	}
	c := &summariesConn{}
	if err := datesOf(t.Context(), c, hs); err != nil {
		t.Fatal(err)
	}
	if len(c.asked) != 2 {
		t.Errorf("fetched internal dates of %v, want only 2 and 3", c.asked)
	}
	for _, h := range hs {
		want := time.Unix(int64(h.UID)*1000, 0)
		if h.UID == 1 {
			want = dated
		}
		if !h.Date.Equal(want) {
			t.Errorf("uid %d: date %v, want %v", h.UID, h.Date, want)
		}
	}
	again := &summariesConn{}
	if err := datesOf(t.Context(), again, hs); err != nil || len(again.asked) != 0 {
		t.Fatalf("with every date known: asked %v, %v", again.asked, err)
	}
}
