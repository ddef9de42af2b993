package compose

import (
	"strings"

	"wren/account/drafts"
	"wren/transport/rfc822"
)

// ToStored is d as a draft file (account/drafts): addresses as the text
// of the address fields, attachments as the paths of their files (the
// drafts file references files, it does not embed them).
func ToStored(d rfc822.Draft, id, accountName string, attachPaths []string) drafts.Draft {
	return drafts.Draft{
		ID:         id,
		Account:    accountName,
		From:       FormatAddress(d.From),
		To:         FormatAddresses(d.To),
		Cc:         FormatAddresses(d.Cc),
		Bcc:        FormatAddresses(d.Bcc),
		Subject:    d.Subject,
		Body:       d.Text,
		InReplyTo:  d.InReplyTo,
		References: d.References,
		Attach:     append([]string(nil), attachPaths...),
	}
}

// FromStored turns a draft file back into a message: the attachment paths
// come back for the caller to read, and every address that does not parse
// (it may have been half typed) as a problem.
func FromStored(s drafts.Draft) (d rfc822.Draft, attachPaths []string, problems []AddressProblem) {
	d = rfc822.Draft{
		Subject:    s.Subject,
		Text:       s.Body,
		InReplyTo:  s.InReplyTo,
		References: s.References,
	}
	if strings.TrimSpace(s.From) != "" {
		from, p := ParseAddresses(s.From)
		if len(from) > 0 {
			d.From = from[0]
		}
		problems = append(problems, p...)
	}
	for _, f := range []struct {
		text string
		dst  *[]rfc822.Address
	}{{s.To, &d.To}, {s.Cc, &d.Cc}, {s.Bcc, &d.Bcc}} {
		list, p := ParseAddresses(f.text)
		*f.dst = list
		problems = append(problems, p...)
	}
	return d, append([]string(nil), s.Attach...), problems
}

// Reopen turns a built message back into a draft (a message taken back
// from the outbox after a restart). envelope is its SMTP recipients: the
// ones in neither To nor Cc were Bcc, which the header never holds.
func Reopen(m *rfc822.Message, envelope []string) rfc822.Draft {
	d := rfc822.Draft{
		To: m.To, Cc: m.Cc, ReplyTo: m.ReplyTo, Subject: m.Subject,
		MessageID: m.MessageID, InReplyTo: m.InReplyTo, References: m.References,
		Text: m.Text, HTML: m.HTML,
	}
	if len(m.From) > 0 {
		d.From = m.From[0]
	}
	shown := newAddrSet()
	shown.addNew(m.To, nil)
	shown.addNew(m.Cc, nil)
	for _, rcpt := range envelope {
		if !shown.has(rcpt) {
			shown[addrKey(rcpt)] = true
			d.Bcc = append(d.Bcc, rfc822.Address{Address: rcpt})
		}
	}
	for _, a := range m.Attachments {
		if a == nil || a.Inline {
			continue
		}
		d.Attachments = append(d.Attachments, rfc822.DraftAttachment{Filename: a.Filename, ContentType: a.ContentType, Data: a.Data})
	}
	return d
}
