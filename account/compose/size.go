package compose

import (
	"fmt"

	"wren/account/attach"
	"wren/transport/rfc822"
)

// TooLargeError: the message would exceed the server's size limit
// (SMTP SIZE). Sizes are in bytes, Size an estimate of the encoded
// message.
type TooLargeError struct {
	Size, Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("the message is about %s, more than the %s the server accepts", attach.HumanSize(e.Size), attach.HumanSize(e.Limit))
}

// headerAllowance covers the header fields and MIME part headers Build
// writes around what the user typed.
const (
	headerAllowance = 1024
	partAllowance   = 300
)

// CheckSize compares the estimated encoded size of d with the server's
// limit (limit <= 0 means none) and fails with *TooLargeError.
func CheckSize(d rfc822.Draft, limit int64) error {
	if limit <= 0 {
		return nil
	}
	if n := EstimateSize(d); n > limit {
		return &TooLargeError{Size: n, Limit: limit}
	}
	return nil
}

// EstimateSize is the size d will have once built: text in
// quoted-printable, attachments in base64 (4/3 plus line breaks).
func EstimateSize(d rfc822.Draft) int64 {
	n := int64(headerAllowance + len(d.Subject)*3)
	for _, list := range [][]rfc822.Address{{d.From}, d.To, d.Cc, d.ReplyTo} {
		for _, a := range list {
			n += int64(len(a.Name)*3 + len(a.Address) + 4)
		}
	}
	for _, id := range append(append([]string{}, d.InReplyTo...), d.References...) {
		n += int64(len(id) + 3)
	}
	n += qpSize(d.Text) + qpSize(d.HTML) + partAllowance
	for _, a := range d.Attachments {
		n += partAllowance + int64(len(a.Filename))*3 + base64Size(attachmentLen(a))
	}
	return n
}

// attachmentLen is the data size; a reader that cannot tell counts 0.
func attachmentLen(a rfc822.DraftAttachment) int64 {
	if a.Data != nil || a.Reader == nil {
		return int64(len(a.Data))
	}
	switch r := a.Reader.(type) {
	case interface{ Size() int64 }:
		return r.Size()
	case interface{ Len() int }:
		return int64(r.Len())
	}
	return 0
}

func base64Size(n int64) int64 {
	enc := (n + 2) / 3 * 4
	return enc + enc/76*2
}

// qpSize counts quoted-printable output: bytes outside printable ASCII
// take three, and every 76 characters a soft line break.
func qpSize(s string) int64 {
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\n' || c == '\t' || c >= 0x20 && c < 0x7f && c != '=' {
			n++
		} else {
			n += 3
		}
	}
	return n + n/76*3
}
