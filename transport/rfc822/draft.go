package rfc822

import (
	"io"
	"strings"
	"time"
)

// Draft is a message to be written by Build.
type Draft struct {
	From    Address
	To      []Address
	Cc      []Address
	Bcc     []Address // in the envelope only, never in the header
	ReplyTo []Address
	Subject string
	// Date defaults to the current time.
	Date time.Time
	// MessageID is the msg-id without angle brackets; Build generates one
	// from the sender's domain when it is empty (see NewMessageID).
	MessageID  string
	InReplyTo  []string // message IDs without angle brackets
	References []string
	// Text is the plain-text body; HTML, if set, is sent alongside it as
	// multipart/alternative.
	Text        string
	HTML        string
	Attachments []DraftAttachment
}

// DraftAttachment is a file to attach. Data is used when it is non-nil,
// else Reader.
type DraftAttachment struct {
	Filename    string
	ContentType string // defaults to application/octet-stream
	Data        []byte
	Reader      io.Reader
}

// Envelope returns the SMTP envelope of d: the bare sender address and
// every To, Cc and Bcc address once, in order (compared without regard
// to the case of the domain).
func Envelope(d Draft) (from string, rcpts []string) {
	seen := map[string]bool{}
	for _, list := range [][]Address{d.To, d.Cc, d.Bcc} {
		for _, a := range list {
			addr := strings.TrimSpace(a.Address)
			if addr == "" {
				continue
			}
			key := addr
			if i := strings.LastIndexByte(addr, '@'); i >= 0 {
				key = addr[:i] + strings.ToLower(addr[i:])
			}
			if seen[key] {
				continue
			}
			seen[key] = true
			rcpts = append(rcpts, addr)
		}
	}
	return strings.TrimSpace(d.From.Address), rcpts
}
