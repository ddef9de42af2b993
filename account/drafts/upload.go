package drafts

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
	"wren/transport/rfc822"
)

// Conn is what keeping a server copy needs (a *imap.Client).
type Conn interface {
	Select(ctx context.Context, name string, readOnly bool) (*imap.Mailbox, error)
	Append(ctx context.Context, folder string, flags []goimap.Flag, date time.Time, r io.Reader, size int64) (goimap.UID, error)
	MarkDeleted(ctx context.Context, uids goimap.UIDSet) error
	Expunge(ctx context.Context, uids goimap.UIDSet) error
}

// Upload puts the current version of d in the server's Drafts folder
// (marked \Draft and \Seen) and removes the version it replaces, so the
// folder holds one copy per draft and the draft can be continued from
// another device. It returns d with ServerFolder and ServerUID set.
// The new copy is stored before the old one is removed: a failure in
// between leaves two copies, never none.
func Upload(ctx context.Context, conn Conn, folder string, d Draft) (Draft, error) {
	var buf bytes.Buffer
	if err := rfc822.Build(&buf, message(d)); err != nil {
		return d, fmt.Errorf("draft %s: %w", d.ID, err)
	}
	// A seekable reader lets the upload create a missing folder and retry.
	uid, err := conn.Append(ctx, folder, []goimap.Flag{goimap.FlagDraft, goimap.FlagSeen}, time.Now(), bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return d, err
	}
	old, oldFolder := d.ServerUID, d.ServerFolder
	d.ServerFolder, d.ServerUID = folder, uint32(uid)
	if old != 0 && oldFolder != "" {
		if _, err := conn.Select(ctx, oldFolder, false); err != nil {
			return d, err
		}
		set := goimap.UIDSetNum(goimap.UID(old))
		if err := conn.MarkDeleted(ctx, set); err != nil {
			return d, err
		}
		if err := conn.Expunge(ctx, set); err != nil {
			return d, err
		}
	}
	return d, nil
}

// message is the draft as a message. Addresses that do not parse yet
// (still being typed) are left out of the copy, never the local draft.
func message(d Draft) rfc822.Draft {
	m := rfc822.Draft{Subject: d.Subject, Text: d.Body, InReplyTo: d.InReplyTo, References: d.References, Date: d.Updated}
	if a, err := mail.ParseAddress(d.From); err == nil {
		m.From = *a
	}
	m.To, m.Cc, m.Bcc = addrs(d.To), addrs(d.Cc), addrs(d.Bcc)
	return m
}

func addrs(s string) []rfc822.Address {
	var out []rfc822.Address
	for _, part := range strings.Split(s, ",") {
		if a, err := mail.ParseAddress(strings.TrimSpace(part)); err == nil {
			out = append(out, *a)
		}
	}
	return out
}
