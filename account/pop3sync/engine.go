// Package pop3sync downloads a POP3 account's new mail into the local
// Inbox: each message once (tracked by its UIDL), left on the server by
// default, deleted from it when the account says so (at once, or N days
// after it was downloaded). A message is deleted on the server only after
// the store has it.
package pop3sync

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"wren/account"
	"wren/transport/pop3"
)

// Conn is what the engine needs of a logged-in POP3 session
// (a *pop3.Client).
type Conn interface {
	UIDL(ctx context.Context) ([]pop3.MsgUID, error)
	Retr(ctx context.Context, n pop3.MsgNum) (io.ReadCloser, error)
	Dele(ctx context.Context, n pop3.MsgNum) error
	Quit(ctx context.Context) error
}

// Store is where downloads go (account/store implements it).
type Store interface {
	// Downloaded maps the UIDL of every message already downloaded to
	// when it was.
	Downloaded(ctx context.Context) (map[string]time.Time, error)
	// SaveDownloads adds messages to the local Inbox and records their
	// UIDLs, all in one transaction (all or none).
	SaveDownloads(ctx context.Context, ds []Download) error
	// Forget drops UIDLs the server no longer has (the local copies stay).
	Forget(ctx context.Context, uidls []string) error
}

// Download is one message fetched from the server.
type Download struct {
	UIDL string
	Raw  []byte
	At   time.Time
}

// Saving in batches is what makes a large first download fast; the bounds
// keep memory flat whatever the mailbox holds.
const (
	batchMessages = 200
	batchBytes    = 16 << 20
)

// Result is what one run did.
type Result struct {
	OnServer   int
	Downloaded int
	Bytes      int64
	Deleted    int
}

// Engine downloads for one account.
type Engine struct {
	Store   Store
	Options account.POP3Options
	// MaxMessage bounds one download (the client's limit applies too).
	MaxMessage int64
	// Now is the clock (tests set it).
	Now    func() time.Time
	Logger *slog.Logger
}

// Sync downloads what is new, deletes what the options say, and ends the
// session with QUIT, which is when the server carries out deletions.
func (e *Engine) Sync(ctx context.Context, conn Conn) (Result, error) {
	var r Result
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	log := e.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	listing, err := conn.UIDL(ctx)
	if err != nil {
		return r, fmt.Errorf("listing messages: %w", err)
	}
	r.OnServer = len(listing)
	have, err := e.Store.Downloaded(ctx)
	if err != nil {
		return r, err
	}
	present := map[string]bool{}
	var dele []pop3.MsgNum
	// Messages downloaded but not yet saved, and which of them are to be
	// deleted on the server once they are: nothing is deleted before the
	// store has it.
	var batch []Download
	var batchDele []pop3.MsgNum
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := e.Store.SaveDownloads(ctx, batch); err != nil {
			return err
		}
		for _, n := range batchDele {
			if err := conn.Dele(ctx, n); err != nil {
				return fmt.Errorf("deleting message %s on the server: %w", n, err)
			}
			dele = append(dele, n)
		}
		batch, batchDele, size = nil, nil, 0
		return nil
	}
	for _, m := range listing {
		uid := string(m.UID)
		present[uid] = true
		at, known := have[uid]
		if known {
			if e.shouldDelete(at, now()) {
				if err := conn.Dele(ctx, m.Num); err != nil {
					return r, fmt.Errorf("deleting message %s on the server: %w", m.Num, err)
				}
				dele = append(dele, m.Num)
			}
			continue
		}
		raw, err := e.download(ctx, conn, m)
		if err != nil {
			return r, err
		}
		r.Downloaded++
		r.Bytes += int64(len(raw))
		batch = append(batch, Download{UIDL: uid, Raw: raw, At: now()})
		size += len(raw)
		if e.shouldDelete(now(), now()) {
			batchDele = append(batchDele, m.Num)
		}
		if len(batch) >= batchMessages || size >= batchBytes {
			if err := flush(); err != nil {
				return r, err
			}
		}
	}
	if err := flush(); err != nil {
		return r, err
	}
	var gone []string
	for uid := range have {
		if !present[uid] {
			gone = append(gone, uid)
		}
	}
	if len(gone) > 0 {
		if err := e.Store.Forget(ctx, gone); err != nil {
			return r, err
		}
	}
	if err := conn.Quit(ctx); err != nil {
		return r, fmt.Errorf("ending the session (deletions take effect here): %w", err)
	}
	r.Deleted = len(dele)
	log.Info("pop3 sync", "on_server", r.OnServer, "downloaded", r.Downloaded, "bytes", r.Bytes, "deleted", r.Deleted)
	return r, nil
}

// shouldDelete applies the account's choice to a message downloaded at.
func (e *Engine) shouldDelete(at, now time.Time) bool {
	if !e.Options.LeaveOnServer {
		return true
	}
	days := e.Options.DeleteAfterDays
	return days > 0 && now.Sub(at) >= time.Duration(days)*24*time.Hour
}

func (e *Engine) download(ctx context.Context, conn Conn, m pop3.MsgUID) ([]byte, error) {
	rc, err := conn.Retr(ctx, m.Num)
	if err != nil {
		return nil, fmt.Errorf("downloading message %s: %w", m.Num, err)
	}
	defer rc.Close()
	r := io.Reader(rc)
	if e.MaxMessage > 0 {
		r = io.LimitReader(rc, e.MaxMessage+1)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("downloading message %s: %w", m.Num, err)
	}
	if e.MaxMessage > 0 && int64(len(raw)) > e.MaxMessage {
		return nil, fmt.Errorf("message %s is larger than %d bytes", m.Num, e.MaxMessage)
	}
	return raw, nil
}
