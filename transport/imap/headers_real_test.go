package imap_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
	"wren/transport/testserver"
)

// Against the real Dovecot: FetchHeaders returns only the list fields,
// with size, internal date and mod-sequence, and leaves messages unread.
func TestRealFetchHeaders(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	c := login(t, srv, srv.IMAPTLS, u)
	ctx := t.Context()
	for _, s := range []string{"one", "two"} {
		m := testMessage(u.Address, s, "text of "+s)
		m = strings.Replace(m, "MIME-Version", "References: <root@wren.test>\r\nX-Other: skipped\r\nMIME-Version", 1)
		if _, err := c.Append(ctx, "INBOX", nil, time.Time{}, strings.NewReader(m), int64(len(m))); err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.Select(ctx, "INBOX", true)
	if err != nil {
		t.Fatal(err)
	}
	var got []imap.HeaderSummary
	err = c.FetchHeaders(ctx, goimap.UIDSet{{Start: 1, Stop: 0}}, 1, nil, func(h imap.HeaderSummary) error {
		h.Header = bytes.Clone(h.Header)
		got = append(got, h)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d headers, want 2", len(got))
	}
	for i, h := range got {
		hdr := string(h.Header)
		want := []string{"Subject: " + []string{"one", "two"}[i], "References: <root@wren.test>", "Content-Type: multipart/mixed", "Message-ID: <"}
		for _, w := range want {
			if !strings.Contains(hdr, w) {
				t.Errorf("header %d lacks %q:\n%s", i, w, hdr)
			}
		}
		if strings.Contains(hdr, "X-Other") || strings.Contains(hdr, "MIME-Version") || strings.Contains(hdr, "text of") {
			t.Errorf("header %d has more than the list fields:\n%s", i, hdr)
		}
		if h.Size == 0 {
			t.Errorf("summary %d: size %d", i, h.Size)
		}
	}
	for _, s := range summaries(t, c) {
		if slices.Contains(s.Flags, goimap.FlagSeen) {
			t.Errorf("UID %d marked seen by fetching its header", s.UID)
		}
	}
}
