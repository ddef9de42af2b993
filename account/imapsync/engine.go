// Package imapsync keeps a local store in step with one IMAP account: the
// folder list, every folder's message headers and flags, and what was
// expunged. A first sync fetches headers newest first in batches, so the
// newest rows are usable at once; later syncs use CONDSTORE to fetch only
// changed flags and new messages, and find expunged messages by comparing
// UID lists instead of refetching.
package imapsync

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// Conn is what the engine needs of an IMAP session (a *imap.Client).
type Conn interface {
	List(ctx context.Context) ([]imap.Folder, error)
	Select(ctx context.Context, name string, readOnly bool) (*imap.Mailbox, error)
	UIDs(ctx context.Context) (UIDSet, error)
	FetchSummaries(ctx context.Context, uids UIDSet, batch int, fn func(imap.Summary) error) error
	FetchHeaders(ctx context.Context, uids UIDSet, batch int, fields []string, fn func(imap.HeaderSummary) error) error
	ChangedSince(ctx context.Context, modSeq uint64, fn func(imap.Change) error) error
	FetchBody(ctx context.Context, uid goimap.UID, sec imap.Section, max int64, w io.Writer) (int64, error)
}

// Progress is where a sync stands, for the status line.
type Progress struct {
	Folder string
	// Done and Total count messages whose headers were fetched in this
	// run, over all folders seen so far.
	Done, Total int
	Started     time.Time
}

// ETA estimates the time left from the rate so far (0 when unknown).
func (p Progress) ETA() time.Duration {
	if p.Done == 0 || p.Total <= p.Done {
		return 0
	}
	el := time.Since(p.Started)
	return time.Duration(float64(el) / float64(p.Done) * float64(p.Total-p.Done))
}

// FolderResult is what one folder's sync did.
type FolderResult struct {
	Folder   string
	Messages int // on the server after the sync
	New      int // headers fetched
	Changed  int // flag changes applied
	Deleted  int // expunged on the server, removed locally
	Reset    bool
	Duration time.Duration
	// Fetch is the time spent waiting on the server for headers and
	// texts, Store the time their saving took; the two overlap (a batch
	// is saved while the next is fetched), so they need not add up to
	// Duration.
	Fetch, Store time.Duration
	Err          error
}

// Engine syncs one account. It is not safe for concurrent use: one sync
// at a time per account.
type Engine struct {
	Store Store
	// Batch is the number of headers per FETCH (default 200): small
	// enough that the first rows land quickly.
	Batch int
	// Texts is how many of each folder's newly fetched messages (newest
	// first, each at most MaxTextSource bytes) also get their body text
	// fetched and kept, so they can be read and searched offline at once.
	// 0 fetches none; the rest are fetched when opened.
	Texts int
	// OnProgress, when set, is called after every batch (on the sync's
	// goroutine; it must not block).
	OnProgress func(Progress)
	Logger     *slog.Logger
	// Exclusive, when set, is held through each sync: another process
	// syncing the account over the same store (the window beside `wren
	// sync`) is waited for, never run alongside (store.LockSync).
	Exclusive func(ctx context.Context) (release func(), err error)
}

// exclusive takes Exclusive when there is one.
func (e *Engine) exclusive(ctx context.Context) (release func(), err error) {
	if e.Exclusive == nil {
		return func() {}, nil
	}
	return e.Exclusive(ctx)
}

// Sync runs one full sync over conn, which must be logged in: the folder
// list, then every selectable folder, Inbox first. A folder's failure is
// recorded in its result and the others go on; the error is for failures
// that stop everything (the folder list, the connection).
func (e *Engine) Sync(ctx context.Context, conn Conn) ([]FolderResult, error) {
	log := e.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	release, err := e.exclusive(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	folders, err := conn.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing folders: %w", err)
	}
	saved := make([]Folder, 0, len(folders))
	var order []imap.Folder
	for _, f := range folders {
		saved = append(saved, Folder{Name: f.Name, Role: string(f.Role), Delim: f.Delim})
		if !f.Selectable {
			continue
		}
		if f.Role == imap.RoleInbox {
			order = append([]imap.Folder{f}, order...)
		} else {
			order = append(order, f)
		}
	}
	if err := e.Store.SaveFolders(ctx, saved); err != nil {
		return nil, fmt.Errorf("saving the folder list: %w", err)
	}
	prog := &Progress{Started: time.Now()}
	var out []FolderResult
	for _, f := range order {
		start := time.Now()
		r := e.syncFolder(ctx, conn, f.Name, prog)
		r.Duration = time.Since(start)
		log.Info("folder synced", "folder", f.Name, "new", r.New, "changed", r.Changed, "deleted", r.Deleted, "reset", r.Reset, "elapsed", r.Duration.Round(time.Millisecond), "err", r.Err)
		out = append(out, r)
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
	}
	return out, nil
}

func (e *Engine) batch() int {
	if e.Batch > 0 {
		return e.Batch
	}
	return 200
}

func (e *Engine) report(p *Progress) {
	if e.OnProgress != nil {
		e.OnProgress(*p)
	}
}
