package imap

import (
	"strconv"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
)

// Without ESEARCH the existing UIDs come from a plain SEARCH and are
// fetched in batches; a body literal the server sends unasked, with an
// ALERT inside, is skipped as message data.
func TestFetchSummariesBatches(t *testing.T) {
	f := newFake(t, true)
	f.caps = "IMAP4rev1 AUTH=PLAIN SASL-IR"
	f.handlers["SELECT"] = func(s *fsess, tag, _ string) {
		s.send("* 3 EXISTS\r\n* OK [UIDVALIDITY 7] v\r\n* OK [UIDNEXT 12] n\r\n" + tag + " OK [READ-WRITE] done\r\n")
	}
	f.handlers["UID SEARCH"] = func(s *fsess, tag, _ string) {
		s.send("* SEARCH 3 5 11\r\n" + tag + " OK done\r\n")
	}
	var fetches []string
	f.handlers["UID FETCH"] = func(s *fsess, tag, args string) {
		set, _, _ := strings.Cut(args, " ")
		f.mu.Lock()
		fetches = append(fetches, set)
		f.mu.Unlock()
		var uids goimap.UIDSet
		for _, part := range strings.Split(set, ",") {
			lo, hi, _ := strings.Cut(part, ":")
			a, _ := strconv.Atoi(lo)
			b := a
			if hi != "" {
				b, _ = strconv.Atoi(hi)
			}
			uids.AddRange(goimap.UID(a), goimap.UID(b))
		}
		nums, _ := uids.Nums()
		var out strings.Builder
		for i, uid := range nums {
			inner := "* OK [ALERT] inside a literal\r\n"
			out.WriteString("* " + strconv.Itoa(i+1) + " FETCH (UID " + strconv.Itoa(int(uid)) +
				" FLAGS (\\Seen) RFC822.SIZE 10 INTERNALDATE \"01-Jan-2026 10:00:00 +0000\" BODY[] {" +
				strconv.Itoa(len(inner)) + "}\r\n" + inner + ")\r\n")
		}
		s.send(out.String() + tag + " OK done\r\n")
	}
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	mb, err := c.Select(t.Context(), "INBOX", false)
	if err != nil {
		t.Fatal(err)
	}
	if mb.UIDValidity != 7 || mb.UIDNext != 12 || mb.Messages != 3 || mb.HighestModSeq != 0 {
		t.Fatalf("mailbox %+v", mb)
	}
	var got []goimap.UID
	err = c.FetchSummaries(t.Context(), goimap.UIDSet{{Start: 1, Stop: 0}}, 2, func(s Summary) error {
		if s.Size != 10 || len(s.Flags) != 1 || s.InternalDate.Year() != 2026 {
			t.Errorf("summary %+v", s)
		}
		got = append(got, s.UID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0] != 3 || got[1] != 5 || got[2] != 11 {
		t.Errorf("UIDs %v, want 3 5 11", got)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.Join(fetches, " ") != "3,5 11" {
		t.Errorf("fetches %q, want batches 3,5 and 11", fetches)
	}
	select {
	case a := <-c.Alerts():
		t.Errorf("alert from inside a literal: %+v", a)
	case <-time.After(100 * time.Millisecond):
	}
}
