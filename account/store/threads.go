package store

import (
	"context"
	"fmt"
)

// Thread is one conversation as a folder list shows it.
type Thread struct {
	ID            int64
	Count, Unread int     // messages of the thread in the folder
	Latest        Message // its newest message in the folder
}

// Threads lists a folder's threads, the most recently active first.
// Limit defaults to 50.
//
// It walks the folder newest first and stops once it has seen enough
// threads, so the cost follows the page, not the folder (grouping the
// whole folder took a third of a second at 40k messages).
func (s *Store) Threads(ctx context.Context, account, folder string, limit, offset int) ([]Thread, error) {
	fid, err := folderID(ctx, s.r, account, folder)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 50
	}
	offset = max(offset, 0)
	want := offset + limit
	if err := s.caughtUp(ctx); err != nil { // the rows' thread ids
		return nil, err
	}
	var out []Thread
	seen := map[int64]bool{}
	// Pages with a LIMIT: without one SQLite prefers sorting the folder.
	o := ListOptions{Limit: 256}
	for len(out) < want {
		p, err := s.list(ctx, "m.folder_id = ?", []any{fid}, o)
		if err != nil {
			return nil, err
		}
		for _, m := range p.Messages {
			if !seen[m.ThreadID] && len(out) < want {
				seen[m.ThreadID] = true
				out = append(out, Thread{ID: m.ThreadID, Latest: m})
			}
		}
		if p.Next == nil {
			break
		}
		o.After = p.Next
	}
	if offset >= len(out) {
		return nil, nil
	}
	out = out[offset:]
	ids := make([]any, len(out))
	for i, t := range out {
		ids[i] = t.ID
	}
	// The unary + steers SQLite to the thread index: a page's threads are
	// few, the folder's rows many. The rows were caught up by list, and
	// "thread_id > 0" lets SQLite use the (partial) thread index.
	counts, err := s.r.QueryContext(ctx, `SELECT thread_id, count(*), sum(flags & 1 = 0) FROM messages
		WHERE +folder_id = ? AND thread_id IN (SELECT value FROM json_each(?)) AND thread_id > 0
		GROUP BY thread_id`, fid, idsJSON(out))
	if err != nil {
		return nil, fmt.Errorf("store: thread counts: %w", err)
	}
	defer counts.Close()
	at := make(map[int64]int, len(out))
	for i, t := range out {
		at[t.ID] = i
	}
	for counts.Next() {
		var id int64
		var n, unread int
		if err := counts.Scan(&id, &n, &unread); err != nil {
			return nil, fmt.Errorf("store: thread counts: %w", err)
		}
		out[at[id]].Count, out[at[id]].Unread = n, unread
	}
	return out, counts.Err()
}

func idsJSON(ts []Thread) string {
	b := []byte{'['}
	for i, t := range ts {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%d", t.ID)
	}
	return string(append(b, ']'))
}

// ThreadMessages lists every message of a thread, in any folder of its
// account, oldest first.
func (s *Store) ThreadMessages(ctx context.Context, thread int64) ([]Message, error) {
	if err := s.caughtUp(ctx); err != nil {
		return nil, err
	}
	return s.messages(ctx, threadSQL, thread)
}

// threadSQL lists a thread's rows; "thread_id > 0" lets SQLite use the
// (partial) thread index.
const threadSQL = "SELECT " + msgCols + " " + msgFrom + " WHERE m.thread_id = ? AND m.thread_id > 0 ORDER BY m.date, m.id"
