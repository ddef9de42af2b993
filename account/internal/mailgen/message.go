package mailgen

import "time"

// Folder names used by the generator.
const (
	FolderInbox       = "Inbox"
	FolderSent        = "Sent"
	FolderArchive     = "Archive"
	FolderNewsletters = "Newsletters"
	FolderWork        = "Work"
	FolderJunk        = "Junk"
)

// IMAP system flags a message may carry.
const (
	FlagSeen     = `\Seen`
	FlagFlagged  = `\Flagged`
	FlagAnswered = `\Answered`
)

// Message is one generated message and where it belongs.
type Message struct {
	Folder string
	// Flags holds FlagSeen, FlagFlagged and FlagAnswered as they apply.
	Flags []string
	// Date is the message's Date header and its internal date.
	Date time.Time
	// MessageID is the Message-ID without angle brackets.
	MessageID string
	// Raw is the complete RFC 5322 message with CRLF line endings.
	Raw []byte
}

// HasFlag reports whether m carries flag f.
func (m Message) HasFlag(f string) bool {
	for _, g := range m.Flags {
		if g == f {
			return true
		}
	}
	return false
}
