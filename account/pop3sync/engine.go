// Package pop3sync downloads a POP3 account's new mail into the local
// Inbox: each message once (tracked by its UIDL), left on the server by
// default, deleted from it when the account says so (at once, or N days
// after it was downloaded). New messages are listed first by their
// headers (UIDL, then TOP n 0 for each, pipelined), so the user sees the
// list at once; their whole sources follow (RETR, pipelined). A message is
// deleted on the server only after the store has its source.
package pop3sync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"wren/account"
	"wren/account/imapsync"
	"wren/transport"
	"wren/transport/pop3"
)

// Conn is what the engine needs of a logged-in POP3 session
// (a *pop3.Client).
type Conn interface {
	UIDL(ctx context.Context) ([]pop3.MsgUID, error)
	TopMany(ctx context.Context, nums []pop3.MsgNum, lines int, fn func(pop3.MsgNum, io.Reader) error) error
	RetrMany(ctx context.Context, nums []pop3.MsgNum, fn func(pop3.MsgNum, io.Reader) error) error
	Dele(ctx context.Context, n pop3.MsgNum) error
	Quit(ctx context.Context) error
}

// Store is where downloads go (account/store implements it).
type Store interface {
	// Downloaded maps the UIDL of every message already listed (by its
	// header or whole) to when it was.
	Downloaded(ctx context.Context) (map[string]time.Time, error)
	// Pending lists the UIDLs listed by header whose source is not kept
	// yet.
	Pending(ctx context.Context) (map[string]bool, error)
	// SaveHeaders lists messages in the local Inbox by their headers and
	// records their UIDLs as pending, all in one transaction.
	SaveHeaders(ctx context.Context, hs []Download) error
	// SaveSources keeps the whole sources of pending messages, all in one
	// transaction (all or none).
	SaveSources(ctx context.Context, ds []Download) error
	// Forget drops UIDLs the server no longer has (the local copies stay).
	Forget(ctx context.Context, uidls []string) error
}

// Download is one message's header block (SaveHeaders) or whole source
// (SaveSources).
type Download struct {
	UIDL string
	Raw  []byte
	At   time.Time
	// Fields are Raw's list fields when the engine read them as the
	// header arrived (the download waits on the server, the store is the
	// busy side); nil for the store to read them.
	Fields *imapsync.Header
}

// Saving in batches is what makes a large first download fast; the bounds
// keep memory flat whatever the mailbox holds.
const (
	// Header batches start at firstHeaderBatch and double up to
	// headerBatch: the store starts (and the first rows show) while the
	// server is still answering. Near the end they shrink again to half
	// of what is left, so the last save, which nothing overlaps, is small.
	firstHeaderBatch = 100
	headerBatch      = 1000
	batchMessages    = 200
	batchBytes       = 16 << 20
	// maxHeader bounds one TOP n 0 reply kept for the list.
	maxHeader = 256 << 10
)

// Result is what one run did.
type Result struct {
	OnServer int
	// Listed counts new messages listed by their headers.
	Listed int
	// Downloaded counts whole sources kept.
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
	Now func() time.Time
	// OnListed, when set, is called once every new message's header row
	// is in the store, before the sources are downloaded.
	OnListed func()
	Logger   *slog.Logger
	// Exclusive, when set, is held through each sync, as the IMAP
	// engine's is (store.LockSync).
	Exclusive func(ctx context.Context) (release func(), err error)
}

// Sync lists what is new, downloads it, deletes what the options say, and
// ends the session with QUIT, which is when the server carries out
// deletions.
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
	if e.Exclusive != nil {
		release, err := e.Exclusive(ctx)
		if err != nil {
			return r, err
		}
		defer release()
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
	pending, err := e.Store.Pending(ctx)
	if err != nil {
		return r, err
	}
	present := map[string]bool{}
	var fresh, fetch []pop3.MsgUID
	var dele []pop3.MsgNum
	for _, m := range listing {
		uid := string(m.UID)
		present[uid] = true
		at, known := have[uid]
		switch {
		case !known:
			fresh = append(fresh, m)
		case pending[uid]:
			fetch = append(fetch, m) // listed by an earlier run, source still to come
		case e.shouldDelete(at, now()):
			dele = append(dele, m.Num)
		}
	}

	listed, err := e.listHeaders(ctx, conn, fresh, now)
	r.Listed = listed
	if errors.Is(err, errNoTop) {
		// The sources list them: their header rows are saved first.
		unlisted := map[string]bool{}
		for _, m := range fresh {
			unlisted[string(m.UID)] = true
		}
		e = &Engine{Store: &listingStore{Store: e.Store, unlisted: unlisted}, Options: e.Options,
			MaxMessage: e.MaxMessage, Now: e.Now, OnListed: e.OnListed, Logger: e.Logger}
	} else if err != nil {
		return r, err
	}
	if e.OnListed != nil {
		e.OnListed()
	}
	fetch = append(fetch, fresh...)
	saved, err := e.downloadSources(ctx, conn, fetch, now, &r)
	if err != nil {
		return r, err
	}
	// Deleted only now: every source marked here is in the store.
	for _, m := range saved {
		if e.shouldDelete(now(), now()) {
			dele = append(dele, m.Num)
		}
	}
	for _, n := range dele {
		if err := conn.Dele(ctx, n); err != nil {
			return r, fmt.Errorf("deleting message %s on the server: %w", n, err)
		}
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
	log.Info("pop3 sync", "on_server", r.OnServer, "listed", r.Listed, "downloaded", r.Downloaded, "bytes", r.Bytes, "deleted", r.Deleted)
	return r, nil
}

// listHeaders lists the fresh messages by their headers (TOP n 0,
// pipelined), saving each batch while the next one is read. A server
// without TOP lists nothing here: the sources bring the headers then.
func (e *Engine) listHeaders(ctx context.Context, conn Conn, fresh []pop3.MsgUID, now func() time.Time) (int, error) {
	if len(fresh) == 0 {
		return 0, nil
	}
	uidl := uidlsByNum(fresh)
	s := &saver{save: e.Store.SaveHeaders}
	var batch []Download
	var buf bytes.Buffer
	size, left := firstHeaderBatch, len(fresh)
	err := conn.TopMany(ctx, nums(fresh), 0, func(n pop3.MsgNum, r io.Reader) error {
		raw, err := readBounded(&buf, r, maxHeader)
		if err != nil {
			return fmt.Errorf("reading the header of message %s: %w", n, err)
		}
		d := Download{UIDL: uidl[n], Raw: raw, At: now(), Fields: new(imapsync.Header)}
		imapsync.ParseFields(raw, d.Fields)
		batch, left = append(batch, d), left-1
		if len(batch) >= size {
			if err := s.start(ctx, batch); err != nil {
				return err
			}
			batch, size = nil, min(2*size, headerBatch, max(firstHeaderBatch, left/2))
		}
		return nil
	})
	if transport.CodeOf(err) == transport.CodePOPUnsupported {
		if err := s.wait(); err != nil {
			return s.done, err
		}
		return s.done, errNoTop
	}
	if err != nil {
		s.wait()
		return s.done, fmt.Errorf("listing new messages: %w", err)
	}
	if err := s.start(ctx, batch); err != nil {
		return s.done, err
	}
	return s.done, s.wait()
}

// errNoTop: the server has no TOP, so new messages are listed when their
// sources arrive.
var errNoTop = errors.New("pop3sync: no TOP")

// listingStore saves the header rows of unlisted messages just before
// their sources (for servers without TOP).
type listingStore struct {
	Store
	unlisted map[string]bool
}

func (l *listingStore) SaveSources(ctx context.Context, ds []Download) error {
	var hs []Download
	for _, d := range ds {
		if l.unlisted[d.UIDL] {
			hs = append(hs, d) // the header parser stops at the blank line
		}
	}
	if len(hs) > 0 {
		if err := l.Store.SaveHeaders(ctx, hs); err != nil {
			return err
		}
	}
	return l.Store.SaveSources(ctx, ds)
}

// downloadSources fetches whole messages (RETR, pipelined) and keeps
// them in batches; it returns the messages whose sources were kept.
func (e *Engine) downloadSources(ctx context.Context, conn Conn, fetch []pop3.MsgUID, now func() time.Time, r *Result) ([]pop3.MsgUID, error) {
	if len(fetch) == 0 {
		return nil, nil
	}
	byNum := map[pop3.MsgNum]pop3.MsgUID{}
	for _, m := range fetch {
		byNum[m.Num] = m
	}
	var kept, inFlight []pop3.MsgUID
	s := &saver{save: e.Store.SaveSources}
	flush := func(batch []Download, ms []pop3.MsgUID) error {
		if err := s.wait(); err != nil {
			return err
		}
		kept = append(kept, inFlight...)
		inFlight = ms
		return s.start(ctx, batch)
	}
	var batch []Download
	var ms []pop3.MsgUID
	var buf bytes.Buffer
	size := 0
	err := conn.RetrMany(ctx, nums(fetch), func(n pop3.MsgNum, rd io.Reader) error {
		max := e.MaxMessage
		if max <= 0 {
			max = 1 << 62 // the client's own limit still applies
		}
		raw, err := readBounded(&buf, rd, max)
		if err != nil {
			return fmt.Errorf("downloading message %s: %w", n, err)
		}
		r.Bytes += int64(len(raw))
		batch = append(batch, Download{UIDL: string(byNum[n].UID), Raw: raw, At: now()})
		ms = append(ms, byNum[n])
		size += len(raw)
		if len(batch) >= batchMessages || size >= batchBytes {
			if err := flush(batch, ms); err != nil {
				return err
			}
			batch, ms, size = nil, nil, 0
		}
		return nil
	})
	if err == nil {
		err = flush(batch, ms)
	}
	if werr := s.wait(); err == nil {
		err = werr
	}
	if err == nil {
		kept = append(kept, inFlight...)
	}
	r.Downloaded = len(kept)
	if err != nil {
		return nil, fmt.Errorf("downloading messages: %w", err)
	}
	return kept, nil
}

// readBounded reads r whole, failing beyond max bytes. It reads into buf,
// reused from one message to the next so that its growth is paid once,
// and returns a copy of exactly what it read.
func readBounded(buf *bytes.Buffer, r io.Reader, max int64) ([]byte, error) {
	buf.Reset()
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, fmt.Errorf("larger than %d bytes: %w", max, transport.ErrTooLarge)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// shouldDelete applies the account's choice to a message downloaded at.
func (e *Engine) shouldDelete(at, now time.Time) bool {
	if !e.Options.LeaveOnServer {
		return true
	}
	days := e.Options.DeleteAfterDays
	return days > 0 && now.Sub(at) >= time.Duration(days)*24*time.Hour
}

func nums(ms []pop3.MsgUID) []pop3.MsgNum {
	out := make([]pop3.MsgNum, len(ms))
	for i, m := range ms {
		out[i] = m.Num
	}
	return out
}

func uidlsByNum(ms []pop3.MsgUID) map[pop3.MsgNum]string {
	out := make(map[pop3.MsgNum]string, len(ms))
	for _, m := range ms {
		out[m.Num] = string(m.UID)
	}
	return out
}
