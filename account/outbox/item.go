package outbox

import (
	"bufio"
	"io"
	"mime"
	"net/mail"
	"time"
)

// State is where a message in the outbox stands.
type State string

const (
	// Queued waits for its time (the undo delay, or a retry's backoff).
	Queued State = "queued"
	// Sending is being submitted. Found at start-up it means Wren stopped
	// mid-send: the message may have gone out, so it becomes Unknown.
	Sending State = "sending"
	// Sent was accepted by the server.
	Sent State = "sent"
	// Failed was refused for good; it waits for the user (Edit or Retry).
	Failed State = "failed"
	// Unknown may have been sent (connection lost after the data): never
	// resent without the user's say (SEND-18).
	Unknown State = "unknown"
)

// maxHeader bounds the header read for a message's Subject.
const maxHeader = 1 << 20

// Item is one message in the outbox.
type Item struct {
	ID      int64
	Account string
	// From and To are the SMTP envelope.
	From string
	To   []string
	// File is the message as built (see WriteMessage); Raw holds it
	// instead for a message queued before files, and in tests. Open reads
	// either.
	File      string
	Raw       []byte
	MessageID string
	State     State
	Attempts  int
	// Due is when the next attempt may start.
	Due time.Time
	// Err is the last failure (for its explanation); nil after success.
	Err error
	// SentCopy is false until the copy in the Sent folder exists (or is
	// not needed).
	SentCopy bool
	Created  time.Time
	// AllowPartial: the user chose to send to the recipients the server
	// accepts although it refuses others (never without being asked).
	AllowPartial bool
	// Owner is the process that claimed the item last (see Store.Swap).
	Owner string
}

// Subject is the message's Subject header, decoded (RFC 2047), read from
// the header only; "" when there is none. Callers make it safe to show.
func (it Item) Subject() string {
	r, _, err := it.Open()
	if err != nil {
		return ""
	}
	defer r.Close()
	msg, err := mail.ReadMessage(bufio.NewReader(io.LimitReader(r, maxHeader)))
	if err != nil {
		return ""
	}
	s := msg.Header.Get("Subject")
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}
