package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Threading and the full-text index are off the write path: a header row
// is stored with thread_id pendingThread ("not yet"), and CatchUp later
// threads and indexes such rows in id order, a batch per transaction.
// Every read that returns thread ids or searches the index catches up
// first, so results stay exact; a sync only waits for the bare inserts.

// pendingThread is the thread_id of a row not threaded yet (thread ids
// start at 1).
const (
	pendingThread int64 = 0
	pendingSQL          = "0"
)

// indexBatch is the rows threaded and indexed per transaction: enough to
// amortise the key lookups, few enough that a sync's next write does not
// wait long for the writer.
const indexBatch = 2000

// CatchUp threads and indexes every row stored since the last catch-up,
// one write transaction per batch, and returns how many it did. Cancelled
// part-way it keeps the batches already committed; the next call goes on
// from there. Sync engines may call it after a sync (or a few batches)
// so that reads find nothing left to do.
func (s *Store) CatchUp(ctx context.Context) (int, error) {
	return s.catchUp(ctx, indexBatch)
}

// bulkMost bounds the rows CatchUpBulk threads in one transaction, and
// so the thread keys it holds in memory.
const bulkMost = 200000

// CatchUpBulk is CatchUp for a caller no other write waits for (wren
// sync, once its headers are in): all the rows waiting, up to bulkMost,
// in one transaction. Each pass over the rows rewrites much of the thread
// keys, of the index and of the sender and date orders wherever its rows
// fall; one pass writes each page once.
func (s *Store) CatchUpBulk(ctx context.Context) (int, error) {
	return s.catchUp(ctx, s.bulkMost)
}

// catchUp is CatchUp in transactions of batch rows, each read indexBatch
// rows at a time.
func (s *Store) catchUp(ctx context.Context, batch int) (int, error) {
	total := 0
	for {
		ids, err := pendingIDs(ctx, s.r)
		if err != nil || len(ids) == 0 {
			return total, err
		}
		did := 0
		for chunk := range slices.Chunk(ids, batch) {
			var n int
			err := s.tx(ctx, func(tx *sql.Tx) error {
				var err error
				n, err = catchUpRows(ctx, tx, &s.bulk, chunk, indexBatch)
				return err
			})
			if err != nil {
				return total, err
			}
			did += n
			total += n
			if s.indexed != nil {
				s.indexed(n)
			}
		}
		if did == 0 { // another catch-up took them meanwhile
			return total, nil
		}
	}
}

// caughtUp runs CatchUp when rows wait for it; the check is one index
// probe on the read pool.
func (s *Store) caughtUp(ctx context.Context) error {
	var pending bool
	err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM messages WHERE thread_id = `+pendingSQL+`)`).Scan(&pending)
	if err != nil {
		return fmt.Errorf("store: pending rows: %w", err)
	}
	if !pending {
		return nil
	}
	_, err = s.CatchUp(ctx)
	return err
}

type rowsQueryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// pendingIDs lists the rows waiting, in id order (the order they were
// stored, which threading follows). Reading the ids once, from the thread
// index, keeps a long catch-up linear: selecting "the oldest n pending"
// per batch would sort every pending row each time.
func pendingIDs(ctx context.Context, q rowsQueryer) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM messages WHERE thread_id = `+pendingSQL)
	if err != nil {
		return nil, fmt.Errorf("store: pending rows: %w", err)
	}
	ids, err := column[int64](rows, "pending rows")
	slices.Sort(ids)
	return ids, err
}

// pendingRow is a stored row waiting for its thread and index entry.
type pendingRow struct {
	id      int64
	account string
	m       Message
}

// catchUpRows threads and indexes those of ids that are still pending,
// inside tx, reading chunk rows at a time. Each account's threads are
// assigned across all the chunks and written once at the end: one pass
// writes each thread key and each row's thread once.
func catchUpRows(ctx context.Context, tx *sql.Tx, cache *stmtCache, ids []int64, chunk int) (int, error) {
	type assigned struct{ id, thread int64 }
	threaders := map[string]*threader{}
	var accounts []string
	var newIDs *threadIDs
	byAccount := map[string][]assigned{}
	done := 0
	folders, err := folderAccounts(ctx, tx)
	if err != nil {
		return 0, err
	}
	for part := range slices.Chunk(ids, chunk) {
		ps, err := pendingRows(ctx, tx, folders, part)
		if err != nil || len(ps) == 0 {
			if err != nil {
				return 0, err
			}
			continue
		}
		// Threading follows the order rows were stored in, per account.
		keys := make([]msgKeys, len(ps))
		perThreader := map[*threader][]msgKeys{}
		for i := range ps {
			a := ps[i].account
			th := threaders[a]
			if th == nil {
				if newIDs == nil {
					if newIDs, err = newThreadIDs(ctx, tx); err != nil {
						return 0, err
					}
				}
				th = newThreader(ctx, tx, cache, a, newIDs)
				threaders[a] = th
				accounts = append(accounts, a)
			}
			keys[i] = th.keysOf(&ps[i].m)
			perThreader[th] = append(perThreader[th], keys[i])
		}
		for th, ks := range perThreader {
			if err := th.load(ks); err != nil {
				return 0, err
			}
		}
		for i, p := range ps {
			thread, err := threaders[p.account].assign(keys[i])
			if err != nil {
				return 0, err
			}
			byAccount[p.account] = append(byAccount[p.account], assigned{p.id, thread})
		}
		list := make([]int64, len(ps))
		for i, p := range ps {
			list[i] = p.id
		}
		if err := indexHeaders(ctx, tx, list); err != nil {
			return 0, err
		}
		done += len(ps)
	}
	set := make([]any, 0, 2*min(done, flushChunk)) // (id, thread) pairs
	for _, a := range accounts {
		th := threaders[a]
		if err := th.flush(); err != nil {
			return 0, err
		}
		for part := range slices.Chunk(byAccount[a], flushChunk) {
			set = set[:0]
			for _, r := range part {
				set = append(set, r.id, th.final(r.thread))
			}
			err := execMany(ctx, tx, cache, func(n int) string {
				return `UPDATE messages SET thread_id = v.column2 FROM (` + valuesList(2, n) + `) AS v
					WHERE messages.id = v.column1`
			}, 2, set)
			if err != nil {
				return 0, fmt.Errorf("store: thread: %w", err)
			}
		}
	}
	return done, nil
}

// pendingRows reads those of ids (sorted) still pending, in id order.
// accounts maps folder ids to their accounts.
func pendingRows(ctx context.Context, tx *sql.Tx, accounts map[int64]string, ids []int64) ([]pendingRow, error) {
	where, args := idsIn("id", ids)
	rows, err := tx.QueryContext(ctx, `SELECT id, folder_id, subject, message_id, in_reply_to, refs
		FROM messages WHERE `+where+` AND thread_id = `+pendingSQL+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: pending rows: %w", err)
	}
	defer rows.Close()
	var ps []pendingRow
	for rows.Next() {
		var p pendingRow
		var folder int64
		var refs string
		if err := rows.Scan(&p.id, &folder, &p.m.Subject, &p.m.MessageID, &p.m.InReplyTo, &refs); err != nil {
			return nil, fmt.Errorf("store: pending rows: %w", err)
		}
		p.account = accounts[folder]
		p.m.References = strings.Fields(refs)
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: pending rows: %w", err)
	}
	return ps, nil
}

// folderAccounts maps every folder's id to its account.
func folderAccounts(ctx context.Context, tx *sql.Tx) (map[int64]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, account FROM folders`)
	if err != nil {
		return nil, fmt.Errorf("store: folders: %w", err)
	}
	return keyed[int64, string](rows, "folders")
}

// idsIn is the condition "col is one of ids" (sorted): a range when they
// have no gaps, as a first sync's do (a range scan instead of a lookup
// per id), else a list.
func idsIn(col string, ids []int64) (string, []any) {
	if n := len(ids); n > 0 && ids[n-1]-ids[0] == int64(n-1) {
		return col + " BETWEEN ? AND ?", []any{ids[0], ids[n-1]}
	}
	list, _ := json.Marshal(ids) // integers always marshal
	return col + " IN (SELECT value FROM json_each(?))", []any{string(list)}
}

// indexHeaders puts the header fields of rows ids (sorted) in the
// full-text index.
func indexHeaders(ctx context.Context, tx *sql.Tx, ids []int64) error {
	where, args := idsIn("id", ids)
	if _, err := tx.ExecContext(ctx, `INSERT INTO message_fts (rowid, sender, recipients, cc, subject, body)
		SELECT id, from_name || ' ' || from_addr, to_list, cc_list, subject, '' FROM messages
		WHERE `+where, args...); err != nil {
		return fmt.Errorf("store: index: %w", err)
	}
	return nil
}
