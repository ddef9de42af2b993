package transfer

import (
	"bytes"
	"context"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/pop3sync"
	"wren/account/store"
	"wren/transport/imap"
)

// Local imports into a POP3 account's local folder in the store (created
// when missing); the messages are whole there, searchable at once.
type Local struct {
	Store   *store.Store
	Account string
	Folder  string
}

func (l Local) MessageIDs(ctx context.Context) (map[string]bool, error) {
	return l.Store.FolderMessageIDs(ctx, l.Account, l.Folder)
}

func (l Local) Put(ctx context.Context, batch []Message) (int, error) {
	ms := make([]store.LocalMessage, len(batch))
	now := time.Now()
	for i, m := range batch {
		row, text := pop3sync.LocalRow(m.Raw, now)
		row.Flags.Seen = wasRead(m.Raw)
		ms[i] = store.LocalMessage{Message: row, Raw: m.Raw, Text: text}
	}
	// One transaction: all of the batch or none.
	if err := l.Store.AddLocalMessages(ctx, l.Account, l.Folder, ms); err != nil {
		return 0, err
	}
	return len(ms), nil
}

// IMAP uploads into a folder on the server (created when missing).
type IMAP struct {
	Conn   *imap.Client
	Folder string
}

// MessageIDs reads the folder's Message-IDs from the server; a folder not
// there yet holds none.
func (d IMAP) MessageIDs(ctx context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	if _, err := d.Conn.Select(ctx, d.Folder, true); err != nil {
		return out, nil // created by the first APPEND
	}
	uids, err := d.Conn.UIDs(ctx)
	if err != nil || len(uids) == 0 {
		return out, err
	}
	// The header field itself, read as a file's message is (an envelope
	// may give another form of an odd Message-ID).
	err = d.Conn.FetchHeaders(ctx, uids, 500, []string{"Message-ID"}, func(h imap.HeaderSummary) error {
		if id := MessageID(h.Header); id != "" {
			out[id] = true
		}
		return nil
	})
	return out, err
}

// Put appends the batch with each message's read state and date, the
// APPENDs pipelined. A stop (ctx) takes effect between batches: a batch
// under way is finished (within the transfer timeout), so what the server
// has is what is counted.
func (d IMAP) Put(ctx context.Context, batch []Message) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	ups := make([]imap.Upload, len(batch))
	for i, m := range batch {
		ups[i] = imap.Upload{Raw: m.Raw, Date: m.Date}
		if wasRead(m.Raw) {
			ups[i].Flags = []goimap.Flag{goimap.FlagSeen}
		}
	}
	return d.Conn.AppendMany(context.WithoutCancel(ctx), d.Folder, ups)
}

// wasRead reads a message's read state as mail programs keep it in
// files: "Status: RO" (mutt, mboxes) or flag 0x0001 of X-Mozilla-Status.
func wasRead(raw []byte) bool {
	if v, ok := headerValue(raw, "Status"); ok {
		return bytes.ContainsRune(v, 'R')
	}
	return mozillaFlag(raw, 0x0001)
}

// Upload imports parts into folder on the server of conn (and below it,
// by the server's hierarchy delimiter, for a folder tree).
func Upload(ctx context.Context, conn *imap.Client, parts []Part, folder string, o Options) (Result, error) {
	delim := "/"
	if len(parts) > 1 || len(parts) == 1 && len(parts[0].Sub) > 0 {
		if fs, err := conn.List(ctx); err == nil {
			for _, f := range fs {
				if f.Delim != 0 {
					delim = string(f.Delim)
					break
				}
			}
		}
	}
	return ImportParts(ctx, parts, folder, delim, func(name string) Dest { return IMAP{Conn: conn, Folder: name} }, o)
}
