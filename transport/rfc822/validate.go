package rfc822

import (
	"fmt"
	"mime"
	"net/mail"
	"strings"
)

// checkText rejects CR, LF and other control characters (TAB aside) in a
// header value typed by the user: stripping them silently would hide an
// injection attempt.
func checkText(field, v string) error {
	for _, r := range v {
		switch {
		case r == '\r' || r == '\n':
			return &FieldError{Field: field, Err: ErrLineBreak}
		case r == '\t':
		case r < 0x20 || r == 0x7f:
			return &FieldError{Field: field, Err: ErrControlChar}
		}
	}
	return nil
}

// checkAddress validates one mailbox of a draft.
func checkAddress(field string, a Address) error {
	if err := checkText(field, a.Name); err != nil {
		return err
	}
	if err := checkText(field, a.Address); err != nil {
		return err
	}
	addr := strings.TrimSpace(a.Address)
	if addr == "" || len(addr) > maxWord*3 || strings.ContainsAny(addr, " <>,;") {
		return &FieldError{Field: field, Err: ErrBadAddress}
	}
	p, err := mail.ParseAddress("<" + addr + ">")
	if err != nil || p.Address != addr {
		return &FieldError{Field: field, Err: ErrBadAddress}
	}
	return nil
}

func checkAddresses(field string, l []Address) error {
	for i, a := range l {
		if err := checkAddress(fmt.Sprintf("%s[%d]", field, i), a); err != nil {
			return err
		}
	}
	return nil
}

// checkMsgID validates a message ID given without angle brackets.
func checkMsgID(field, id string) error {
	if err := checkText(field, id); err != nil {
		return err
	}
	local, domain, ok := strings.Cut(id, "@")
	if !ok || local == "" || domain == "" || len(id) > 250 {
		return &FieldError{Field: field, Err: ErrBadMessageID}
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`<>()\,;:"`, c) >= 0 {
			return &FieldError{Field: field, Err: ErrBadMessageID}
		}
	}
	return nil
}

// validate checks every user-entered field of d before anything is
// written.
func validate(d *Draft) error {
	if strings.TrimSpace(d.From.Address) == "" {
		return &FieldError{Field: "From", Err: ErrNoFrom}
	}
	if err := checkAddress("From", d.From); err != nil {
		return err
	}
	for _, l := range []struct {
		f string
		a []Address
	}{{"To", d.To}, {"Cc", d.Cc}, {"Bcc", d.Bcc}, {"Reply-To", d.ReplyTo}} {
		if err := checkAddresses(l.f, l.a); err != nil {
			return err
		}
	}
	if err := checkText("Subject", d.Subject); err != nil {
		return err
	}
	if d.MessageID != "" {
		if err := checkMsgID("Message-ID", d.MessageID); err != nil {
			return err
		}
	}
	// IDs taken from a received message: a line break is an attack and
	// fails; other malformed IDs are left out by Build (see validIDs).
	for i, id := range d.InReplyTo {
		if err := checkText(fmt.Sprintf("In-Reply-To[%d]", i), id); err != nil {
			return err
		}
	}
	for i, id := range d.References {
		if err := checkText(fmt.Sprintf("References[%d]", i), id); err != nil {
			return err
		}
	}
	for i, a := range d.Attachments {
		if err := checkText(fmt.Sprintf("Attachments[%d].Filename", i), a.Filename); err != nil {
			return err
		}
		field := fmt.Sprintf("Attachments[%d].ContentType", i)
		if err := checkText(field, a.ContentType); err != nil {
			return err
		}
		if a.ContentType != "" {
			t, _, err := mime.ParseMediaType(a.ContentType)
			if err != nil || len(t) > 127 || !validMediaType(t) || strings.HasPrefix(t, "multipart/") {
				return &FieldError{Field: field, Err: ErrBadContentType}
			}
		}
	}
	return nil
}

// validIDs keeps the well-formed message IDs of l.
func validIDs(l []string) []string {
	var out []string
	for _, id := range l {
		id = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
		if checkMsgID("", id) == nil {
			out = append(out, id)
		}
	}
	return out
}
