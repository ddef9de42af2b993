package compose

import (
	"strings"
	"time"

	"wren/account"
	"wren/transport/rfc822"
)

// Forward builds a forward of orig sent as id. Inline puts the original's
// header and text in the body and keeps its attachments; otherwise the
// whole original (orig.Raw) is attached as a message/rfc822 file.
// Attachments the parser cut short are left out: they would be sent
// damaged.
func Forward(orig Original, id account.Identity, inline bool, now time.Time) rfc822.Draft {
	m := orig.Message
	if m == nil {
		m = &rfc822.Message{}
	}
	d := rfc822.Draft{
		From:    rfc822.Address{Name: id.Name, Address: id.Address},
		Subject: ForwardSubject(m.Subject),
		Text:    "\n\n" + SignatureBlock(id),
	}
	if !inline {
		if len(orig.Raw) > 0 {
			d.Attachments = []rfc822.DraftAttachment{{
				Filename:    messageFilename(m.Subject),
				ContentType: "message/rfc822",
				Data:        orig.Raw,
			}}
		}
		return d
	}
	d.Text += forwardedHeader(m, now) + "\n" + strings.ReplaceAll(orig.Text, "\r\n", "\n")
	for _, a := range m.Attachments {
		if a == nil || a.Truncated {
			continue
		}
		d.Attachments = append(d.Attachments, rfc822.DraftAttachment{
			Filename: a.Filename, ContentType: a.ContentType, Data: a.Data,
		})
	}
	return d
}

// forwardedHeader is the block above an inline forward's text.
func forwardedHeader(m *rfc822.Message, now time.Time) string {
	var b strings.Builder
	b.WriteString("---------- Forwarded message ----------\n")
	b.WriteString("From: " + FormatAddresses(m.From) + "\n")
	if !m.Date.IsZero() {
		date := m.Date
		if !now.IsZero() {
			date = date.In(now.Location())
		}
		b.WriteString("Date: " + date.Format("Mon, 2 Jan 2006 15:04") + "\n")
	}
	b.WriteString("Subject: " + m.Subject + "\n")
	b.WriteString("To: " + FormatAddresses(m.To) + "\n")
	if len(m.Cc) > 0 {
		b.WriteString("Cc: " + FormatAddresses(m.Cc) + "\n")
	}
	return b.String()
}

// messageFilename names an attached message after its subject, without
// characters file systems refuse.
func messageFilename(subject string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7f:
			return -1
		case strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, strings.TrimSpace(subject))
	name = strings.Trim(name, ". ")
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	if name == "" {
		name = "message"
	}
	return name + ".eml"
}
