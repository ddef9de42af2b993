package imapsync

import (
	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// listHeaderOf turns fetched header fields into a Header; the internal
// date stands in for a missing or unreadable Date.
func listHeaderOf(s imap.HeaderSummary) Header {
	h := Header{UID: uint32(s.UID), Flags: flagStrings(s.Flags), Size: s.Size, ModSeq: s.ModSeq}
	ParseFields(s.Header, &h)
	if h.Date.IsZero() {
		h.Date = s.InternalDate
	}
	return h
}

func flagStrings(fs []goimap.Flag) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, string(f))
	}
	return out
}
