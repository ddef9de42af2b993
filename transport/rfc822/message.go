package rfc822

import (
	"bytes"
	"io"
	"net/mail"
	"time"
)

// Address is a mailbox: a display name (decoded, for display only) and the
// address proper. Address is empty when the header could not be parsed;
// Name then holds the raw, undecoded text.
type Address = mail.Address

// Message is a parsed message, ready to display. Text fields are valid
// UTF-8 whatever the input was.
type Message struct {
	// Header is every top-level header field in order.
	Header Header

	Subject   string
	From      []Address
	Sender    []Address
	ReplyTo   []Address
	To        []Address
	Cc        []Address
	Bcc       []Address
	Date      time.Time // zero when missing or unparseable
	MessageID string    // without angle brackets
	InReplyTo []string  // message IDs without angle brackets
	// References lists the thread's message IDs, oldest first.
	References []string

	// Text is the text/plain body with LF line endings.
	Text string
	// HTML is the text/html body, unsanitised: every text/html part
	// joined, as a plain reader wants it.
	HTML string
	// HTMLParts holds the same text/html parts one by one. A renderer must
	// convert each on its own: markup left open in one part must never
	// swallow the next (EFAIL).
	HTMLParts []string
	// Attachments holds every part that is not Text or HTML, including
	// inline images and attached messages, in document order.
	Attachments []*Attachment

	// Warnings says what was malformed, unknown or cut off.
	Warnings []Warning
	// Truncated is set when a limit cut the message short.
	Truncated bool
}

// Attachment is a non-body part.
type Attachment struct {
	// Section is the IMAP part number ("2", "1.3").
	Section string
	// Filename is the decoded file name (RFC 2231 or RFC 2047), without
	// control characters or path; it may be empty.
	Filename string
	// ContentType is the lower-case media type, e.g. "image/png".
	ContentType string
	// Charset is the charset parameter of text parts.
	Charset string
	// ContentID is the Content-ID without angle brackets.
	ContentID string
	// Disposition is "attachment", "inline" or "" as the sender wrote it.
	Disposition string
	// Inline is set for parts meant to be shown within the body, such as
	// cid: images of a multipart/related HTML.
	Inline bool
	// Size is the decoded size in bytes, even when Data was cut short.
	Size int64
	// Data is the decoded content (at most Size bytes).
	Data []byte
	// Truncated is set when Data is shorter than Size because of a limit.
	Truncated bool
	// Message is the parsed content of a message/rfc822 attachment, nil
	// for other types or beyond the depth limit.
	Message *Message
}

// Open returns a reader over the decoded data.
func (a *Attachment) Open() io.Reader { return bytes.NewReader(a.Data) }
