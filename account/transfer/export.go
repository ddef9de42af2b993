package transfer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"
	"wren/account"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account/mailfile"
	"wren/account/store"
	"wren/transport/imap"
)

// Sink takes the exported messages one by one.
type Sink func(raw []byte, date time.Time) error

// MboxSink writes to w as an mbox in format f; call flush at the end.
func MboxSink(w io.Writer, f mailfile.Format) (sink Sink, flush func() error) {
	mw := mailfile.NewMboxWriter(w, f)
	return func(raw []byte, date time.Time) error {
		return mw.Write(mailfile.Message{Raw: raw, Date: date})
	}, mw.Flush
}

// EMLSink writes each message to a new .eml file in dir.
func EMLSink(dir string) Sink {
	return func(raw []byte, date time.Time) error {
		_, err := mailfile.WriteEML(dir, mailfile.Message{Raw: raw, Date: date})
		return err
	}
}

// ErrNotWhole: some messages of a local folder are known by their header
// only (a POP3 download left for later), so the export lacks them.
var ErrNotWhole = account.ErrNotWhole

// ExportLocal writes a POP3 account's local folder to sink.
func ExportLocal(ctx context.Context, st *store.Store, account, folder string, sink Sink) (Result, error) {
	start := time.Now()
	var r Result
	missing, err := st.FolderSources(ctx, account, folder, func(raw []byte, date time.Time) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.Read++
		if err := sink(raw, date); err != nil {
			return err
		}
		r.Imported++
		return nil
	})
	r.Seconds = time.Since(start).Seconds()
	if err == nil && missing > 0 {
		err = fmt.Errorf("%d messages left out: %w", missing, ErrNotWhole)
	}
	return r, err
}

// ExportIMAP writes a folder on the server to sink, each message as the
// server keeps it, with its internal date, one message in memory at once.
func ExportIMAP(ctx context.Context, conn *imap.Client, folder string, sink Sink, onProgress func(Progress)) (Result, error) {
	start := time.Now()
	var r Result
	if _, err := conn.Select(ctx, folder, true); err != nil {
		return r, err
	}
	uids, err := conn.UIDs(ctx)
	if err != nil || len(uids) == 0 {
		return r, err
	}
	dates := map[goimap.UID]time.Time{}
	var order []goimap.UID
	if err := conn.FetchSummaries(ctx, uids, 500, func(s imap.Summary) error {
		dates[s.UID] = s.InternalDate
		order = append(order, s.UID)
		return nil
	}); err != nil {
		return r, err
	}
	var buf bytes.Buffer
	for _, uid := range order {
		if err := ctx.Err(); err != nil {
			return r, err
		}
		buf.Reset()
		if _, err := conn.FetchBody(ctx, uid, imap.Section{}, mailfile.MaxMessage, &buf); err != nil {
			return r, fmt.Errorf("message %d of %s: %w", uid, folder, err)
		}
		r.Read++
		if err := sink(buf.Bytes(), dates[uid]); err != nil {
			return r, err
		}
		r.Imported++
		if onProgress != nil && r.Read%100 == 0 {
			onProgress(r.Progress)
		}
	}
	r.Seconds = time.Since(start).Seconds()
	return r, nil
}
