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
// A key ("m:"+Message-ID, "s:"/"r:"+base subject) is stored as a 64-bit
// hash of the account and the key (keyHash): a thread key table of
// integers is a fifth the size of one of text, and a long first sync
// holds every key it has seen in memory. Two keys sharing a hash would
// join their threads; among a million keys that happens about once in
// thirty million mailboxes.
//
// Keys are read a batch of messages at a time in one query and written
// back in large statements at the end: per-row lookups were half the
// cost of an upsert. A merge of two threads made in this transaction is
// only remembered (final resolves it); one of a thread stored before is
// written at once, to its rows and keys.
type threader struct {
	ctx     context.Context
	tx      *sql.Tx
	cache   *stmtCache
	account string
	keys    map[int64]keyState // by keyHash; a key looked up and not stored has thread 0
	ids     *threadIDs
	created []int64         // new thread ids, to record
	merged  map[int64]int64 // thread → the thread it was merged into
}

// threadIDs hands out new thread ids in one transaction, to the threaders
// of every account.
type threadIDs struct {
	first int64 // the first id made here; older ones are stored
	next  int64
	none  bool // no key was stored when the transaction began (a first sync)
}

func newThreadIDs(ctx context.Context, tx *sql.Tx) (*threadIDs, error) {
	t := &threadIDs{}
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1, NOT EXISTS (SELECT 1 FROM thread_hashes) FROM threads`).Scan(&t.next, &t.none)
	if err != nil {
		return nil, fmt.Errorf("store: threads: %w", err)
	}
	t.first = t.next
	return t, nil
}

// keyState is a key's thread, and whether flush must write it.
type keyState struct {
	thread int64
	dirty  bool
}

func newThreader(ctx context.Context, tx *sql.Tx, cache *stmtCache, account string, ids *threadIDs) *threader {
	return &threader{ctx: ctx, tx: tx, cache: cache, account: account, ids: ids, keys: map[int64]keyState{},
		merged: map[int64]int64{}}
}

// msgKeys are a message's thread keys in their stored form (keyHash),
// hashed once for its lookup and its assignment.
type msgKeys struct {
	ids     []int64 // "m:" + its Message-ID, In-Reply-To and References
	subject int64   // "s:" + its base subject; 0 without one
	replies int64   // "r:" + its base subject; 0 without one
	reply   bool    // it is a reply
}

// keysOf hashes m's thread keys in t's account.
func (t *threader) keysOf(m *Message) msgKeys {
	ids, base, reply := keysOf(m)
	k := msgKeys{ids: make([]int64, len(ids)), reply: reply}
	for i, id := range ids {
		k.ids[i] = keyHash(t.account, id)
	}
	if base != "" {
		k.subject, k.replies = keyHash(t.account, "s:"+base), keyHash(t.account, "r:"+base)
	}
	return k
}

// load reads the stored threads of the keys in ks not read before.
func (t *threader) load(ks []msgKeys) error {
	// A thread's messages share most keys: each is looked up once, and
	// one not stored is kept as thread 0, so it is not asked again.
	var want []int64
	add := func(h int64) {
		if _, asked := t.keys[h]; !asked {
			t.keys[h] = keyState{}
			want = append(want, h)
		}
	}
	for _, k := range ks {
		for _, h := range k.ids {
			add(h)
		}
		if k.subject != 0 {
			add(k.subject)
			add(k.replies)
		}
	}
	if t.ids.none { // nothing to find (keys are written at the end)
		return nil
	}
	slices.Sort(want) // looked up leaf after leaf
	for part := range slices.Chunk(want, 5000) {
		list, _ := json.Marshal(part) // integers always marshal
		rows, err := t.tx.QueryContext(t.ctx, `SELECT hash, thread_id FROM thread_hashes
			WHERE hash IN (SELECT value FROM json_each(?))`, string(list))
		if err != nil {
			return fmt.Errorf("store: thread keys: %w", err)
		}
		found, err := keyed[int64, int64](rows, "thread keys")
		if err != nil {
			return err
		}
		for h, id := range found {
			t.keys[h] = keyState{thread: id}
		}
	}
	return nil
}

// lookup is the thread key h belongs to now, if any.
func (t *threader) lookup(h int64) (int64, bool) {
	st := t.keys[h]
	return t.final(st.thread), st.thread != 0
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

func (t *threader) set(h, id int64) {
	if old, ok := t.lookup(h); !ok || old != id {
		t.keys[h] = keyState{thread: id, dirty: true}
	}
}

// assign returns the thread of the message with keys k, creating or
// merging threads as needed.
func (t *threader) assign(k msgKeys) (int64, error) {
	var found []int64
	for _, h := range k.ids {
		if id, ok := t.lookup(h); ok && !slices.Contains(found, id) {
			found = append(found, id)
		}
	}
	if len(found) == 0 && k.subject != 0 {
		// A reply joins any message with its subject; an original only a
		// thread of replies, so two unrelated "Hello"s stay apart.
		key := k.replies
		if k.reply {
			key = k.subject
		}
		if id, ok := t.lookup(key); ok {
			found = append(found, id)
		}
	}
	var thread int64
	if len(found) == 0 {
		thread = t.ids.next
		t.ids.next++
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
	for _, h := range k.ids {
		t.set(h, thread)
	}
	if k.subject != 0 {
		if _, ok := t.lookup(k.subject); !ok {
			t.set(k.subject, thread)
		}
		if _, ok := t.lookup(k.replies); !ok && k.reply {
			t.set(k.replies, thread)
		}
	}
	return thread, nil
}

// merge moves thread from into thread into (an older one): a message
// linked both. Only a stored thread has rows and keys to move; one made
// here has neither until flush and the rows' write, which use final.
func (t *threader) merge(into, from int64) error {
	t.merged[from] = into
	if from >= t.ids.first {
		return nil
	}
	for _, q := range []string{
		// "thread_id > 0" lets SQLite use the (partial) thread index.
		`UPDATE messages SET thread_id = ? WHERE thread_id = ? AND thread_id > 0`,
		`UPDATE thread_hashes SET thread_id = ? WHERE thread_id = ?`,
	} {
		if _, err := t.tx.ExecContext(t.ctx, q, into, from); err != nil {
			return fmt.Errorf("store: merge threads: %w", err)
		}
	}
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

// flushChunk is the keys or rows written from one slice of values: a
// long first sync's million values are not boxed all at once.
const flushChunk = 8192

// flush writes the new threads and changed keys.
func (t *threader) flush() error {
	// (Not with none: json_each of "null" is one NULL row, which would
	// take the next id from under another account's threader.)
	if len(t.created) > 0 {
		ids, _ := json.Marshal(t.created)
		if _, err := t.tx.ExecContext(t.ctx, `INSERT INTO threads (id) SELECT value FROM json_each(?)`, string(ids)); err != nil {
			return fmt.Errorf("store: threads: %w", err)
		}
	}
	// In key order: the b-tree takes them leaf after leaf instead of
	// jumping across it for each.
	var keys []int64
	for h, st := range t.keys {
		if st.dirty {
			keys = append(keys, h)
		}
	}
	slices.Sort(keys)
	pairs := make([]any, 0, 2*min(len(keys), flushChunk))
	for part := range slices.Chunk(keys, flushChunk) {
		pairs = pairs[:0]
		for _, h := range part {
			pairs = append(pairs, h, t.final(t.keys[h].thread))
		}
		err := execMany(t.ctx, t.tx, t.cache, func(n int) string {
			return `INSERT INTO thread_hashes (hash, thread_id) ` + valuesList(2, n) + `
				ON CONFLICT (hash) DO UPDATE SET thread_id = excluded.thread_id`
		}, 2, pairs)
		if err != nil {
			return fmt.Errorf("store: thread keys: %w", err)
		}
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
