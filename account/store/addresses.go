package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Contact is an address seen in stored mail, for completion.
type Contact struct {
	Address
	// Uses counts the messages it appeared in (From, To or Cc).
	Uses int
	// Sent counts the messages the user sent to it (To or Cc of a message
	// in a folder with the Sent role).
	Sent int
}

// AddressBook completes addresses from the store's messages. It keeps an
// in-memory index, filled incrementally: each query first reads only the
// messages stored since the last one (message ids only grow), so the first
// query pays one scan of the header rows and later ones cost a lookup in
// memory. Counts are historical: a message deleted later still counts.
// Safe for concurrent use.
type AddressBook struct {
	st *Store

	mu      sync.Mutex
	last    int64 // highest message id indexed
	entries map[string]*contactEntry
}

type contactEntry struct {
	Contact
	addr  string   // lower-cased address
	words []string // lower-cased display name and its words
}

// NewAddressBook indexes st's messages on first use.
func NewAddressBook(st *Store) *AddressBook {
	return &AddressBook{st: st, entries: map[string]*contactEntry{}}
}

// catchUpBatch bounds the rows read per query while catching up.
const catchUpBatch = 5000

// Addresses returns up to limit contacts whose address, display name, or
// a word of the name starts with prefix (case-insensitive): the ones the
// user sent to most first, then the most used. An empty prefix matches
// every contact.
func (b *AddressBook) Addresses(ctx context.Context, prefix string, limit int) ([]Contact, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.catchUp(ctx); err != nil {
		return nil, err
	}
	p := strings.ToLower(strings.TrimSpace(prefix))
	var hits []*contactEntry
	for _, e := range b.entries {
		if e.matches(p) {
			hits = append(hits, e)
		}
	}
	slices.SortFunc(hits, func(x, y *contactEntry) int {
		return cmp.Or(cmp.Compare(y.Sent, x.Sent), cmp.Compare(y.Uses, x.Uses), strings.Compare(x.addr, y.addr))
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]Contact, len(hits))
	for i, e := range hits {
		out[i] = e.Contact
	}
	return out, nil
}

func (e *contactEntry) matches(p string) bool {
	if strings.HasPrefix(e.addr, p) {
		return true
	}
	for _, w := range e.words {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// catchUp indexes the messages stored since the last call.
func (b *AddressBook) catchUp(ctx context.Context) error {
	for {
		n, err := b.readBatch(ctx)
		if err != nil {
			return fmt.Errorf("store: address book: %w", err)
		}
		if n < catchUpBatch {
			return nil
		}
	}
}

func (b *AddressBook) readBatch(ctx context.Context) (int, error) {
	rows, err := b.st.r.QueryContext(ctx, `SELECT m.id, f.role, m.from_name, m.from_addr, m.to_list, m.cc_list
		FROM messages m JOIN folders f ON f.id = m.folder_id
		WHERE m.id > ? ORDER BY m.id LIMIT ?`, b.last, catchUpBatch)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var (
			id               int64
			role, name, addr string
			toList, ccList   string
		)
		if err := rows.Scan(&id, &role, &name, &addr, &toList, &ccList); err != nil {
			return n, err
		}
		n++
		b.last = id
		sent := Role(role) == RoleSent
		if !sent {
			b.add(Address{Name: name, Addr: addr}, false)
		}
		for _, a := range decodeAddrs(toList) {
			b.add(a, sent)
		}
		for _, a := range decodeAddrs(ccList) {
			b.add(a, sent)
		}
	}
	return n, rows.Err()
}

// add counts one appearance of a; a later non-empty display name
// replaces an earlier one (names change, the newest is kept).
func (b *AddressBook) add(a Address, sent bool) {
	key := strings.ToLower(strings.TrimSpace(a.Addr))
	if key == "" || !strings.Contains(key, "@") {
		return
	}
	e := b.entries[key]
	if e == nil {
		e = &contactEntry{addr: key}
		e.Addr = strings.TrimSpace(a.Addr)
		b.entries[key] = e
	}
	e.Uses++
	if sent {
		e.Sent++
	}
	if name := strings.TrimSpace(a.Name); name != "" && name != e.Name {
		e.Name = name
		lower := strings.ToLower(name)
		e.words = append([]string{lower}, strings.FieldsFunc(lower, func(r rune) bool {
			return r == ' ' || r == ',' || r == '.' || r == '"' || r == '\'' || r == '(' || r == ')' || r == '-'
		})...)
	}
}
