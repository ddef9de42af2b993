package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// threader assigns thread ids inside one write transaction. Messages join
// a thread through any Message-ID they share (their own, In-Reply-To,
// References), whichever arrives first; without one, a reply joins the
// thread of its base subject, and an original joins replies to its subject.
//
// Keys are read for the whole batch in one query and written back in one
// statement: per-row lookups were half the cost of an upsert.
type threader struct {
	ctx     context.Context
	tx      *sql.Tx
	account string
	keys    map[string]int64 // "m:"+Message-ID, "s:"/"r:"+base subject
	dirty   map[string]bool
	next    int64           // next new thread id
	created []int64         // new thread ids, to record
	merged  map[int64]int64 // thread → the thread it was merged into
}

func newThreader(ctx context.Context, tx *sql.Tx, account string, ms []Message) (*threader, error) {
	t := &threader{ctx: ctx, tx: tx, account: account, keys: map[string]int64{}, dirty: map[string]bool{},
		merged: map[int64]int64{}}
	// A thread's messages share most keys: each is looked up once.
	seen := map[string]bool{}
	var want []string
	add := func(k string) {
		if !seen[k] {
			seen[k] = true
			want = append(want, k)
		}
	}
	for i := range ms {
		ids, base, _ := keysOf(&ms[i])
		for _, k := range ids {
			add(k)
		}
		if base != "" {
			add("s:" + base)
			add("r:" + base)
		}
	}
	slices.Sort(want)             // looked up leaf after leaf
	list, _ := json.Marshal(want) // strings always marshal
	rows, err := tx.QueryContext(ctx, `SELECT key, thread_id FROM thread_keys WHERE account = ?
		AND key IN (SELECT value FROM json_each(?))`, account, string(list))
	if err != nil {
		return nil, fmt.Errorf("store: thread keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, fmt.Errorf("store: thread keys: %w", err)
		}
		t.keys[k] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: thread keys: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM threads`).Scan(&t.next); err != nil {
		return nil, fmt.Errorf("store: threads: %w", err)
	}
	return t, nil
}

// keysOf lists a message's Message-ID keys and its base subject.
func keysOf(m *Message) (ids []string, base string, reply bool) {
	for _, id := range append([]string{m.MessageID, m.InReplyTo}, m.References...) {
		if id = trimID(id); id != "" && !slices.Contains(ids, "m:"+id) {
			ids = append(ids, "m:"+id)
		}
	}
	base, reply = baseSubject(m.Subject)
	reply = reply || trimID(m.InReplyTo) != "" || len(m.References) > 0
	return ids, base, reply
}

func (t *threader) set(k string, id int64) {
	if t.keys[k] != id {
		t.keys[k] = id
		t.dirty[k] = true
	}
}

// assign returns the thread of m, creating or merging threads as needed.
func (t *threader) assign(m *Message) (int64, error) {
	ids, base, reply := keysOf(m)
	var found []int64
	for _, k := range ids {
		if id, ok := t.keys[k]; ok && !slices.Contains(found, id) {
			found = append(found, id)
		}
	}
	if len(found) == 0 && base != "" {
		// A reply joins any message with its subject; an original only a
		// thread of replies, so two unrelated "Hello"s stay apart.
		key := "r:" + base
		if reply {
			key = "s:" + base
		}
		if id, ok := t.keys[key]; ok {
			found = append(found, id)
		}
	}
	var thread int64
	if len(found) == 0 {
		thread = t.next
		t.next++
		t.created = append(t.created, thread)
	} else {
		slices.Sort(found)
		thread = found[0]
		for _, other := range found[1:] {
			if err := t.merge(thread, other); err != nil {
				return 0, err
			}
		}
	}
	for _, k := range ids {
		t.set(k, thread)
	}
	if base != "" {
		if _, ok := t.keys["s:"+base]; !ok {
			t.set("s:"+base, thread)
		}
		if _, ok := t.keys["r:"+base]; !ok && reply {
			t.set("r:"+base, thread)
		}
	}
	return thread, nil
}

// merge moves thread from into thread into: a message linked both.
func (t *threader) merge(into, from int64) error {
	for _, q := range []string{
		// "thread_id > 0" lets SQLite use the (partial) thread index.
		`UPDATE messages SET thread_id = ? WHERE thread_id = ? AND thread_id > 0`,
		`UPDATE thread_keys SET thread_id = ? WHERE thread_id = ?`,
	} {
		if _, err := t.tx.ExecContext(t.ctx, q, into, from); err != nil {
			return fmt.Errorf("store: merge threads: %w", err)
		}
	}
	for k, id := range t.keys {
		if id == from {
			t.set(k, into)
		}
	}
	t.merged[from] = into
	return nil
}

// final is where a thread assigned earlier in the batch ended up after
// the batch's merges (rows not written yet miss the UPDATE of merge).
func (t *threader) final(id int64) int64 {
	for {
		into, ok := t.merged[id]
		if !ok {
			return id
		}
		id = into
	}
}

// flush writes the new threads and changed keys.
func (t *threader) flush() error {
	ids, _ := json.Marshal(t.created)
	if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO threads (id) SELECT value FROM json_each(?)`, string(ids)); err != nil {
		return fmt.Errorf("store: threads: %w", err)
	}
	// In key order: the b-tree takes them leaf after leaf instead of
	// jumping across it for each.
	keys := make([]string, 0, len(t.dirty))
	for k := range t.dirty {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	pairs := make([][2]any, len(keys))
	for i, k := range keys {
		pairs[i] = [2]any{k, t.keys[k]}
	}
	list, _ := json.Marshal(pairs)
	_, err := t.tx.ExecContext(t.ctx, `INSERT INTO thread_keys (account, key, thread_id)
		SELECT ?, value ->> 0, value ->> 1 FROM json_each(?) WHERE true
		ON CONFLICT (account, key) DO UPDATE SET thread_id = excluded.thread_id`, t.account, string(list))
	if err != nil {
		return fmt.Errorf("store: thread keys: %w", err)
	}
	return nil
}

// baseSubject strips reply and forward prefixes ("Re:", "Fwd:", "AW:",
// "Re[2]:" ...) and folds case and spaces; reply says whether any prefix
// was there.
func baseSubject(s string) (base string, reply bool) {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for {
		p, rest, ok := strings.Cut(s, ":")
		if !ok || !isReplyPrefix(p) {
			return s, reply
		}
		s, reply = strings.TrimSpace(rest), true
	}
}

func isReplyPrefix(p string) bool {
	p = strings.TrimSpace(p)
	if i := strings.IndexByte(p, '['); i > 0 && strings.HasSuffix(p, "]") {
		p = p[:i]
	}
	switch p {
	case "re", "fw", "fwd", "aw", "wg", "sv", "vs", "antw", "tr", "rv":
		return true
	}
	return false
}
