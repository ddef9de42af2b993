package store

import (
	"strings"
	"time"
)

// Role is what a folder is for (IMAP special-use, or inbox).
type Role string

const (
	RoleNone    Role = ""
	RoleInbox   Role = "inbox"
	RoleSent    Role = "sent"
	RoleDrafts  Role = "drafts"
	RoleTrash   Role = "trash"
	RoleJunk    Role = "junk"
	RoleArchive Role = "archive"
)

// Folder is one folder of an account with its sync state and counts.
type Folder struct {
	Account string
	Name    string
	Role    Role
	State   FolderState
	// Total and Unread are maintained by the store on every write.
	Total, Unread int
}

// FolderState is where a folder's sync stands.
type FolderState struct {
	UIDValidity   uint32
	UIDNext       uint32
	HighestModSeq uint64
}

// Address is a display name and an address.
type Address struct {
	Name, Addr string
}

// Message is one message's header row. On input the store ignores ID,
// Account, Folder and ThreadID (it assigns them); on output they are set,
// except that a newest-first List may return rows not threaded yet, with
// ThreadID 0 (Threads, ThreadMessages, Message and Search thread first).
type Message struct {
	ID       int64
	Account  string
	Folder   string
	ThreadID int64

	UID           uint32
	ModSeq        uint64
	Flags         Flags
	Date          time.Time
	From          Address
	To, Cc        []Address
	Subject       string
	MessageID     string // without angle brackets
	InReplyTo     string
	References    []string
	Size          int64
	HasAttachment bool
	Snippet       string
}

// Flags is a message's flag set.
type Flags struct {
	Seen, Answered, Flagged, Deleted, Draft bool
	Junk, NotJunk                           bool     // $Junk / $NotJunk
	Keywords                                []string // any other keyword, as sent
}

const (
	bitSeen = 1 << iota
	bitAnswered
	bitFlagged
	bitDeleted
	bitDraft
	bitJunk
	bitNotJunk
)

// ParseFlags reads IMAP flags as the server sends them.
func ParseFlags(imap []string) Flags {
	var f Flags
	for _, s := range imap {
		switch strings.ToLower(s) {
		case `\seen`:
			f.Seen = true
		case `\answered`:
			f.Answered = true
		case `\flagged`:
			f.Flagged = true
		case `\deleted`:
			f.Deleted = true
		case `\draft`:
			f.Draft = true
		case "$junk":
			f.Junk = true
		case "$notjunk":
			f.NotJunk = true
		case `\recent`, "":
			// Session-only; not a property of the message.
		default:
			f.Keywords = append(f.Keywords, s)
		}
	}
	return f
}

// IMAP is the flag list to send to a server.
func (f Flags) IMAP() []string {
	var out []string
	for _, b := range []struct {
		on   bool
		name string
	}{{f.Seen, `\Seen`}, {f.Answered, `\Answered`}, {f.Flagged, `\Flagged`}, {f.Deleted, `\Deleted`},
		{f.Draft, `\Draft`}, {f.Junk, "$Junk"}, {f.NotJunk, "$NotJunk"}} {
		if b.on {
			out = append(out, b.name)
		}
	}
	return append(out, f.Keywords...)
}

func (f Flags) bits() int64 {
	var b int64
	for _, x := range []struct {
		on  bool
		bit int64
	}{{f.Seen, bitSeen}, {f.Answered, bitAnswered}, {f.Flagged, bitFlagged}, {f.Deleted, bitDeleted},
		{f.Draft, bitDraft}, {f.Junk, bitJunk}, {f.NotJunk, bitNotJunk}} {
		if x.on {
			b |= x.bit
		}
	}
	return b
}

func flagsFrom(bits int64, keywords string) Flags {
	f := Flags{
		Seen: bits&bitSeen != 0, Answered: bits&bitAnswered != 0, Flagged: bits&bitFlagged != 0,
		Deleted: bits&bitDeleted != 0, Draft: bits&bitDraft != 0, Junk: bits&bitJunk != 0,
		NotJunk: bits&bitNotJunk != 0,
	}
	if keywords != "" {
		f.Keywords = strings.Split(keywords, "\n")
	}
	return f
}

// Address lists are stored one per line as "name\taddr": neither a tab nor
// a newline survives header unfolding, and the text indexes as words.
func encodeAddrs(as []Address) string {
	if len(as) == 0 {
		return ""
	}
	var b strings.Builder
	n := 0
	for _, a := range as {
		n += len(a.Name) + len(a.Addr) + 2
	}
	b.Grow(n)
	for i, a := range as {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(clean(a.Name))
		b.WriteByte('\t')
		b.WriteString(clean(a.Addr))
	}
	return b.String()
}

func decodeAddrs(s string) []Address {
	if s == "" {
		return nil
	}
	lines := strings.Split(s, "\n")
	out := make([]Address, 0, len(lines))
	for _, l := range lines {
		name, addr, _ := strings.Cut(l, "\t")
		out = append(out, Address{Name: name, Addr: addr})
	}
	return out
}

var cleaner = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ")

func clean(s string) string { return cleaner.Replace(s) }

func trimID(id string) string { return strings.Trim(strings.TrimSpace(id), "<>") }
