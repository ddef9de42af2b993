package imapsync

import (
	"context"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// listHeaderOf turns fetched header fields into a Header; a missing or
// unreadable Date is left zero for datesOf.
func listHeaderOf(s imap.HeaderSummary) Header {
	h := Header{UID: uint32(s.UID), Flags: flagStrings(s.Flags), Size: s.Size}
	ParseFields(s.Header, &h)
	return h
}

// datesOf gives the headers without a readable Date the server's internal
// date (when the message arrived) instead: fetched for those few only.
func datesOf(ctx context.Context, conn Conn, hs []Header) error {
	at := map[uint32]int{}
	var uids []uint32
	for i, h := range hs {
		if h.Date.IsZero() {
			at[h.UID] = i
			uids = append(uids, h.UID)
		}
	}
	if len(uids) == 0 {
		return nil
	}
	return conn.FetchSummaries(ctx, setOf(uids), len(uids), func(s imap.Summary) error {
		if i, ok := at[uint32(s.UID)]; ok {
			hs[i].Date = s.InternalDate
		}
		return nil
	})
}

func flagStrings(fs []goimap.Flag) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, string(f))
	}
	return out
}
