package imap

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
)

// FetchHeaders asks for the list fields with BODY.PEEK (never setting
// \Seen), in batches, and hands over each message's header block; a
// header literal above MaxLiteral fails the fetch as too large instead of
// being read.
func TestFetchHeadersBatchesAndBounds(t *testing.T) {
	f := newFake(t, true)
	f.caps = "IMAP4rev1 AUTH=PLAIN SASL-IR CONDSTORE"
	f.handlers["SELECT"] = func(s *fsess, tag, _ string) {
		s.send("* 3 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 12] n\r\n* OK [HIGHESTMODSEQ 90] m\r\n" + tag + " OK [READ-WRITE] done\r\n")
	}
	var fetches []string
	f.handlers["UID FETCH"] = func(s *fsess, tag, args string) {
		f.mu.Lock()
		fetches = append(fetches, args)
		f.mu.Unlock()
		set, _, _ := strings.Cut(args, " ")
		var out strings.Builder
		for i, u := range strings.Split(set, ",") {
			hdr := "Subject: m" + u + "\r\n\r\n"
			if u == "99" {
				hdr = strings.Repeat("X", 5000)
			}
			out.WriteString("* " + strconv.Itoa(i+1) + " FETCH (UID " + u + " FLAGS () RFC822.SIZE 1234 MODSEQ (" + u + ") " +
				"BODY[HEADER.FIELDS (DATE FROM)] {" + strconv.Itoa(len(hdr)) + "}\r\n" + hdr + ")\r\n")
		}
		s.send(out.String() + tag + " OK done\r\n")
	}
	ep, opts := f.start()
	c, err := DialLimits(t.Context(), ep, opts, Limits{MaxLiteral: 4096})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Select(t.Context(), "INBOX", true); err != nil {
		t.Fatal(err)
	}
	var got []string
	set := goimap.UIDSet{{Start: 3, Stop: 3}, {Start: 5, Stop: 5}, {Start: 11, Stop: 11}}
	err = c.FetchHeaders(t.Context(), set, 2, []string{"DATE", "FROM"}, func(h HeaderSummary) error {
		if h.Size != 1234 {
			t.Errorf("summary %+v", h)
		}
		got = append(got, string(h.Header))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Subject: m3\r\n\r\n", "Subject: m5\r\n\r\n", "Subject: m11\r\n\r\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("headers %q, want %q", got, want)
	}
	f.mu.Lock()
	if len(fetches) != 2 || !strings.HasPrefix(fetches[0], "3,5 ") || !strings.HasPrefix(fetches[1], "11 ") ||
		!strings.Contains(fetches[0], `BODY.PEEK[HEADER.FIELDS ("DATE" "FROM")]`) || strings.Contains(fetches[0], "MODSEQ") ||
		strings.Contains(fetches[0], "ENVELOPE") || strings.Contains(fetches[0], "BODYSTRUCTURE") || strings.Contains(fetches[0], "INTERNALDATE") {
		t.Errorf("fetches %q", fetches)
	}
	f.mu.Unlock()

	err = c.FetchHeaders(t.Context(), goimap.UIDSetNum(99), 10, nil, func(HeaderSummary) error { return nil })
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("oversized header: %v, want ErrTooLarge", err)
	}
}
