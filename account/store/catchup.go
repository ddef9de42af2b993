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

// bulkBatch is CatchUpBulk's transaction size.
const bulkBatch = 10000

// CatchUpBulk is CatchUp in transactions of bulkBatch rows, for a caller
// no other write waits for (wren sync, once its headers are in). Each
// pass rewrites much of the thread keys and of the index wherever its
// rows fall, so fewer, larger passes write less: at 135,000 rows, 0.44 GB
// against 1.07 GB in passes of 2000, for a little more memory.
func (s *Store) CatchUpBulk(ctx context.Context) (int, error) {
	return s.catchUp(ctx, bulkBatch)
}

// catchUp is CatchUp in transactions of batch rows.
func (s *Store) catchUp(ctx context.Context, batch int) (int, error) {
	total := 0
	for {
		ids, err := pendingIDs(ctx, s.r)
		if err != nil || len(ids) == 0 {
			return total, err
		}
		did := 0
		for len(ids) > 0 {
			chunk := ids[:min(batch, len(ids))]
			ids = ids[len(chunk):]
			var n int
			err := s.tx(ctx, func(tx *sql.Tx) error {
				var err error
				n, err = indexRows(ctx, tx, &s.bulk, chunk)
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

// indexRows threads and indexes those of ids that are still pending.
func indexRows(ctx context.Context, tx *sql.Tx, cache *stmtCache, ids []int64) (int, error) {
	list, _ := json.Marshal(ids) // integers always marshal
	rows, err := tx.QueryContext(ctx, `SELECT m.id, f.account, m.subject, m.message_id, m.in_reply_to, m.refs
		FROM messages m JOIN folders f ON f.id = m.folder_id
		WHERE m.id IN (SELECT value FROM json_each(?)) AND m.thread_id = `+pendingSQL+` ORDER BY m.id`, string(list))
	if err != nil {
		return 0, fmt.Errorf("store: pending rows: %w", err)
	}
	var ps []pendingRow
	for rows.Next() {
		var p pendingRow
		var refs string
		if err := rows.Scan(&p.id, &p.account, &p.m.Subject, &p.m.MessageID, &p.m.InReplyTo, &refs); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: pending rows: %w", err)
		}
		p.m.References = strings.Fields(refs)
		ps = append(ps, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: pending rows: %w", err)
	}
	if len(ps) == 0 {
		return 0, nil
	}
	if err := threadRows(ctx, tx, cache, ps); err != nil {
		return 0, err
	}
	done := make([]int64, len(ps))
	for i, p := range ps {
		done[i] = p.id
	}
	list, _ = json.Marshal(done)
	if _, err := tx.ExecContext(ctx, `INSERT INTO message_fts (rowid, sender, recipients, cc, subject, body)
		SELECT id, from_name || ' ' || from_addr, to_list, cc_list, subject, '' FROM messages
		WHERE id IN (SELECT value FROM json_each(?))`, string(list)); err != nil {
		return 0, fmt.Errorf("store: index: %w", err)
	}
	return len(ps), nil
}

// threadRows assigns the rows' threads, one threader per account (thread
// keys are per account), in id order within each.
func threadRows(ctx context.Context, tx *sql.Tx, cache *stmtCache, ps []pendingRow) error {
	var accounts []string
	byAccount := map[string][]int{}
	for i, p := range ps {
		if _, ok := byAccount[p.account]; !ok {
			accounts = append(accounts, p.account)
		}
		byAccount[p.account] = append(byAccount[p.account], i)
	}
	set := make([]any, 0, 2*len(ps)) // (id, thread) pairs
	for _, a := range accounts {
		idx := byAccount[a]
		ms := make([]Message, len(idx))
		for j, i := range idx {
			ms[j] = ps[i].m
		}
		th, err := newThreader(ctx, tx, a, ms)
		if err != nil {
			return err
		}
		threads := make([]int64, len(idx))
		for j := range idx {
			if threads[j], err = th.assign(&ms[j]); err != nil {
				return err
			}
		}
		if err := th.flush(); err != nil {
			return err
		}
		for j, i := range idx {
			set = append(set, ps[i].id, th.final(threads[j]))
		}
	}
	err := execMany(ctx, tx, cache, func(n int) string {
		return `UPDATE messages SET thread_id = v.column2 FROM (` + valuesList(2, n) + `) AS v
			WHERE messages.id = v.column1`
	}, 2, set)
	if err != nil {
		return fmt.Errorf("store: thread: %w", err)
	}
	return nil
}
