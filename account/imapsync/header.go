package imapsync

import (
	"strings"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// headerOf turns a fetched summary into a Header.
func headerOf(s imap.Summary) Header {
	h := Header{UID: uint32(s.UID), Flags: flagStrings(s.Flags), Size: s.Size, ModSeq: s.ModSeq, Date: s.InternalDate}
	if e := s.Envelope; e != nil {
		if !e.Date.IsZero() {
			h.Date = e.Date
		}
		h.Subject = e.Subject
		h.MessageID = strings.Trim(e.MessageID, "<> ")
		h.From = addresses(e.From)
		h.To = addresses(e.To)
		h.Cc = addresses(e.Cc)
		for _, id := range e.InReplyTo {
			if id = strings.Trim(id, "<> "); id != "" {
				h.InReplyTo = append(h.InReplyTo, id)
			}
		}
	}
	h.HasAttachment = hasAttachment(s.BodyStructure)
	return h
}

func flagStrings(fs []goimap.Flag) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, string(f))
	}
	return out
}

func addresses(list []goimap.Address) []Address {
	var out []Address
	for _, a := range list {
		if a.IsGroupStart() || a.IsGroupEnd() {
			continue
		}
		out = append(out, Address{Name: a.Name, Addr: a.Addr()})
	}
	return out
}

// hasAttachment reports a part marked as attachment, or a named part that
// is not the text of the message.
func hasAttachment(bs goimap.BodyStructure) bool {
	found := false
	if bs == nil {
		return false
	}
	bs.Walk(func(path []int, part goimap.BodyStructure) bool {
		sp, ok := part.(*goimap.BodyStructureSinglePart)
		if !ok {
			return true
		}
		if d := sp.Disposition(); d != nil && strings.EqualFold(d.Value, "attachment") {
			found = true
		} else if sp.Filename() != "" && !strings.EqualFold(sp.Type, "text") {
			found = true
		}
		return !found
	})
	return found
}
