package drafts

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
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

// Upload puts the current version of d, attachments included, in the
// server's Drafts folder (marked \Draft and \Seen) and removes the
// version it replaces, so the folder holds one copy per draft and the
// draft can be continued from another device. It returns d with
// ServerFolder and ServerUID set. The new copy is stored before the old
// one is removed: a failure in between leaves two copies, never none.
// The message is built in a temporary file in the system's temporary
// folder (Store.Upload builds it beside the drafts).
func Upload(ctx context.Context, conn Conn, folder string, d Draft) (Draft, error) {
	return upload(ctx, conn, folder, d, "")
}

// Upload is Upload with the message built in the drafts folder, which is
// the user's own.
func (s *Store) Upload(ctx context.Context, conn Conn, folder string, d Draft) (Draft, error) {
	return upload(ctx, conn, folder, d, s.dir)
}

func upload(ctx context.Context, conn Conn, folder string, d Draft, tmpDir string) (Draft, error) {
	f, err := os.CreateTemp(tmpDir, ".upload-*.eml")
	if err != nil {
		return d, fmt.Errorf("draft %s: %w", d.ID, err)
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	m, closeFiles := message(d)
	err = rfc822.Build(f, m)
	closeFiles()
	if err != nil {
		return d, fmt.Errorf("draft %s: %w", d.ID, err)
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		return d, fmt.Errorf("draft %s: %w", d.ID, err)
	}
	// A seekable reader lets the upload create a missing folder and retry.
	uid, err := conn.Append(ctx, folder, []goimap.Flag{goimap.FlagDraft, goimap.FlagSeen}, time.Now(), f, size)
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

// message is the draft as a message, its attachments read from their
// files (closeFiles closes them). Addresses that do not parse yet (still
// being typed) and files that are gone are left out of the copy, never
// out of the local draft.
func message(d Draft) (m rfc822.Draft, closeFiles func()) {
	m = rfc822.Draft{Subject: d.Subject, Text: d.Body, InReplyTo: d.InReplyTo, References: d.References, Date: d.Updated}
	if a, err := mail.ParseAddress(d.From); err == nil {
		m.From = *a
	}
	m.To, m.Cc, m.Bcc = addrs(d.To), addrs(d.Cc), addrs(d.Bcc)
	var files []*os.File
	for _, path := range d.Attach {
		f, err := os.Open(path)
		if err != nil {
			continue
		}
		if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
			f.Close()
			continue
		}
		files = append(files, f)
		m.Attachments = append(m.Attachments, rfc822.DraftAttachment{
			Filename: filepath.Base(path), ContentType: mime.TypeByExtension(filepath.Ext(path)), Reader: f})
	}
	return m, func() {
		for _, f := range files {
			f.Close()
		}
	}
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
