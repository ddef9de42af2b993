package imapsync

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// UIDSet is go-imap's set of UIDs.
type UIDSet = goimap.UIDSet

// SyncFolder brings one folder up to date (after IDLE news, say).
func (e *Engine) SyncFolder(ctx context.Context, conn Conn, name string) FolderResult {
	release, err := e.exclusive(ctx)
	if err != nil {
		return FolderResult{Folder: name, Err: err}
	}
	defer release()
	start := time.Now()
	r := e.syncFolder(ctx, conn, name, &Progress{Started: start})
	r.Duration = time.Since(start)
	return r
}

// syncFolder brings one folder up to date.
func (e *Engine) syncFolder(ctx context.Context, conn Conn, name string, prog *Progress) FolderResult {
	r := FolderResult{Folder: name}
	prog.Folder = name
	fail := func(step string, err error) FolderResult {
		r.Err = fmt.Errorf("%s %q: %w", step, name, err)
		return r
	}
	mb, err := conn.Select(ctx, name, true)
	if err != nil {
		return fail("opening", err)
	}
	st, err := e.Store.FolderState(ctx, name)
	if err != nil {
		return fail("reading the state of", err)
	}
	if st.UIDValidity != 0 && st.UIDValidity != mb.UIDValidity {
		// The server renumbered the folder: nothing cached is valid.
		if err := e.Store.ResetFolder(ctx, name, mb.UIDValidity); err != nil {
			return fail("resetting", err)
		}
		st, r.Reset = FolderState{}, true
	}
	if unchanged(st, mb) {
		// CONDSTORE says nothing changed since the last sync (any flag
		// change or expunge raises HIGHESTMODSEQ, any arrival UIDNEXT):
		// no need to list the folder's UIDs, the server's or ours.
		r.Messages = st.Cached
		return r
	}
	local, err := e.Store.LocalUIDs(ctx, name)
	if err != nil {
		return fail("reading the cache of", err)
	}
	slices.Sort(local)
	server, err := conn.UIDs(ctx)
	if err != nil {
		return fail("listing messages of", err)
	}
	serverUIDs := expand(server)
	r.Messages = len(serverUIDs)

	// Expunged: cached but no longer on the server.
	if gone := minus(local, serverUIDs); len(gone) > 0 {
		if err := e.Store.DeleteUIDs(ctx, name, gone); err != nil {
			return fail("removing expunged messages of", err)
		}
		r.Deleted = len(gone)
	}

	// Flags of the messages we have: only the changed ones with
	// CONDSTORE, else all of them.
	if len(local) > 0 {
		n, err := e.syncFlags(ctx, conn, name, st, mb, intersect(local, serverUIDs))
		if err != nil {
			return fail("updating flags of", err)
		}
		r.Changed = n
	}

	// New messages, newest first.
	fresh := minus(serverUIDs, local)
	prog.Total += len(fresh)
	slices.Reverse(fresh)
	n, err := e.fetchNew(ctx, conn, name, mb.UIDValidity, fresh, prog, &r)
	r.New += n
	if err != nil {
		r.Err = fmt.Errorf("folder %q: %w", name, err)
		return r
	}

	if err := e.fetchTexts(ctx, conn, name, fresh, &r); err != nil {
		return fail("fetching message texts of", err)
	}

	next := uint32(mb.UIDNext)
	if err := e.Store.SetFolderState(ctx, name, FolderState{UIDValidity: mb.UIDValidity, UIDNext: next, HighestModSeq: mb.HighestModSeq}); err != nil {
		return fail("saving the state of", err)
	}
	return r
}

// fetchNew fetches the headers of fresh (newest first) batch by batch and
// saves each batch while the next one is being fetched, so the server and
// the disk work at the same time. It returns how many were saved; a batch
// already fetched is saved even when the next fetch fails.
func (e *Engine) fetchNew(ctx context.Context, conn Conn, name string, uidValidity uint32, fresh []uint32, prog *Progress, r *FolderResult) (int, error) {
	saved := 0
	var pending chan saveDone // the save in flight, if any
	var pendingSaved, pendingAsked int
	wait := func() error {
		if pending == nil {
			return nil
		}
		done := <-pending
		pending = nil
		r.Store += done.took
		if done.err != nil {
			return fmt.Errorf("saving headers: %w", done.err)
		}
		saved += pendingSaved
		prog.Done += pendingAsked
		e.report(prog)
		return nil
	}
	for batch := range growingChunks(fresh, e.batch(), maxBatch) {
		hs := make([]Header, 0, len(batch))
		fetchStart := time.Now()
		ferr := conn.FetchHeaders(ctx, setOf(batch), len(batch), nil, func(s imap.HeaderSummary) error {
			hs = append(hs, listHeaderOf(s))
			return nil
		})
		if ferr == nil {
			ferr = datesOf(ctx, conn, hs)
		}
		r.Fetch += time.Since(fetchStart)
		if err := wait(); err != nil {
			return saved, err
		}
		if ferr != nil {
			return saved, fmt.Errorf("fetching headers: %w", ferr)
		}
		done := make(chan saveDone, 1)
		go func() {
			start := time.Now()
			err := e.Store.SaveHeaders(ctx, name, uidValidity, hs)
			done <- saveDone{err: err, took: time.Since(start)}
		}()
		pending, pendingSaved, pendingAsked = done, len(hs), len(batch)
		if saved == 0 && prog.Done == 0 {
			// The very first batch is reported as soon as it is saved,
			// not after the next fetch: the window shows the newest rows
			// a fetch earlier.
			if err := wait(); err != nil {
				return saved, err
			}
		}
	}
	return saved, wait()
}

// saveDone is how a batch's save ended and how long it took.
type saveDone struct {
	err  error
	took time.Duration
}

// maxBatch bounds the batches a long first sync grows to: fewer, larger
// transactions save faster, and 2000 headers still hold little memory.
const maxBatch = 2000

// growingChunks splits uids into batches that start at first (the newest
// rows land quickly) and double up to most, then halve again towards the
// end: the sync ends when the last batch is saved, so a small last batch
// keeps that final wait short.
func growingChunks(uids []uint32, first, most int) func(yield func([]uint32) bool) {
	return func(yield func([]uint32) bool) {
		n := first
		for len(uids) > 0 {
			k := min(n, len(uids))
			if rest := len(uids); rest <= 2*n && rest > first {
				k = max(first, rest/2)
			}
			if !yield(uids[:k:k]) {
				return
			}
			uids = uids[k:]
			n = min(n*2, max(most, first))
		}
	}
}

// unchanged: the folder is exactly as the last sync left it.
func unchanged(st FolderState, mb *imap.Mailbox) bool {
	return st.HighestModSeq > 0 && st.HighestModSeq == mb.HighestModSeq &&
		st.UIDValidity == mb.UIDValidity && st.UIDNext == uint32(mb.UIDNext) &&
		int(mb.Messages) == st.Cached
}

// syncFlags refreshes the flags of the cached messages have.
func (e *Engine) syncFlags(ctx context.Context, conn Conn, name string, st FolderState, mb *imap.Mailbox, have []uint32) (int, error) {
	if len(have) == 0 {
		return 0, nil
	}
	var changes []FlagChange
	if st.HighestModSeq > 0 && mb.HighestModSeq > 0 {
		if mb.HighestModSeq == st.HighestModSeq {
			return 0, nil // nothing changed at all
		}
		err := conn.ChangedSince(ctx, st.HighestModSeq, func(c imap.Change) error {
			if _, ok := slices.BinarySearch(have, uint32(c.UID)); ok {
				changes = append(changes, FlagChange{UID: uint32(c.UID), Flags: flagStrings(c.Flags)})
			}
			return nil
		})
		if err == nil {
			return len(changes), e.Store.SetFlags(ctx, name, changes)
		}
		if !errors.Is(err, imap.ErrUnsupported) {
			return 0, err
		}
		changes = nil
	}
	// Without CONDSTORE every cached message's flags are fetched again
	// (headers too: the IMAP client fetches summaries whole).
	for batch := range slices.Chunk(have, 1000) {
		err := conn.FetchSummaries(ctx, setOf(batch), len(batch), func(s imap.Summary) error {
			changes = append(changes, FlagChange{UID: uint32(s.UID), Flags: flagStrings(s.Flags)})
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return len(changes), e.Store.SetFlags(ctx, name, changes)
}

// expand lists the UIDs of a set in ascending order.
func expand(set UIDSet) []uint32 {
	var out []uint32
	for _, r := range set {
		lo, hi := min(r.Start, r.Stop), max(r.Start, r.Stop)
		for u := lo; u <= hi && u != 0; u++ {
			out = append(out, uint32(u))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// setOf makes a UID set of uids.
func setOf(uids []uint32) UIDSet {
	var s UIDSet
	for _, u := range uids {
		s.AddNum(goimap.UID(u))
	}
	return s
}

// minus returns the elements of a (sorted) that are not in b (sorted).
func minus(a, b []uint32) []uint32 {
	var out []uint32
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); !ok {
			out = append(out, x)
		}
	}
	return out
}

func intersect(a, b []uint32) []uint32 {
	var out []uint32
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			out = append(out, x)
		}
	}
	return out
}
