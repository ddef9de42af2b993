package rfc822

import (
	"errors"
	"fmt"
)

// Errors Parse and Build return; match them with errors.Is.
var (
	// ErrEmpty: the input holds no bytes at all, so nothing can be shown.
	ErrEmpty = errors.New("the message is empty")
	// ErrRead: reading the input failed; the error wraps the cause.
	ErrRead = errors.New("reading the message failed")

	// ErrLineBreak: a header value typed by the user contains CR or LF,
	// which could forge header fields. It is rejected, never stripped.
	ErrLineBreak = errors.New("contains a line break")
	// ErrControlChar: a header value contains another control character.
	ErrControlChar = errors.New("contains a control character")
	// ErrBadAddress: an address is not a valid addr-spec.
	ErrBadAddress = errors.New("is not a valid e-mail address")
	// ErrNoFrom: the draft has no sender address.
	ErrNoFrom = errors.New("has no sender address")
	// ErrBadMessageID: a message ID is not a valid msg-id.
	ErrBadMessageID = errors.New("is not a valid message ID")
	// ErrBadContentType: an attachment's content type does not parse.
	ErrBadContentType = errors.New("is not a valid content type")
)

// FieldError says which draft field Build rejected, and why (Err is one of
// the sentinel errors above).
type FieldError struct {
	Field string // "Subject", "To[2]", "Attachments[0].Filename", ...
	Err   error
}

func (e *FieldError) Error() string { return fmt.Sprintf("rfc822: %s %v", e.Field, e.Err) }

func (e *FieldError) Unwrap() error { return e.Err }
