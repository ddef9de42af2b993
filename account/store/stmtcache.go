package store

import (
	"context"
	"database/sql"
	"slices"
	"sync"
)

// maxCached bounds the statements kept prepared.
const maxCached = 64

// stmtCache keeps the writer's bulk statements prepared across
// transactions: preparing a statement of a thousand parameters costs about
// as much as inserting fifty rows, and a sync runs the same few shapes in
// every batch.
//
// A statement can only be prepared on the writer's one connection outside
// a transaction (inside one, the transaction holds it), so one first met
// inside a transaction is prepared there for that use and remembered;
// after the commit, flush prepares it for the transactions that follow.
type stmtCache struct {
	mu     sync.Mutex
	ready  map[string]*sql.Stmt
	wanted []string
}

// in returns query prepared for tx and a function that releases it.
func (c *stmtCache) in(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, func(), error) {
	if c != nil {
		c.mu.Lock()
		st, ok := c.ready[query]
		if !ok && len(c.ready)+len(c.wanted) < maxCached && !slices.Contains(c.wanted, query) {
			c.wanted = append(c.wanted, query)
		}
		c.mu.Unlock()
		if ok {
			// Bound to tx, it reuses the statement prepared on the
			// connection; closing it leaves that one prepared.
			ts := tx.StmtContext(ctx, st)
			return ts, func() { ts.Close() }, nil
		}
	}
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	return st, func() { st.Close() }, nil
}

// flush prepares on db the statements met since the last flush; db must
// have no transaction open. A statement that fails to prepare is left out:
// the next use prepares it in its transaction again and says why.
func (c *stmtCache) flush(ctx context.Context, db *sql.DB) {
	c.mu.Lock()
	wanted := c.wanted
	c.wanted = nil
	c.mu.Unlock()
	for _, q := range wanted {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		c.mu.Lock()
		if c.ready == nil {
			c.ready = map[string]*sql.Stmt{}
		}
		if old, ok := c.ready[q]; ok {
			old.Close()
		}
		c.ready[q] = st
		c.mu.Unlock()
	}
}

// close closes the prepared statements.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.ready {
		st.Close()
		delete(c.ready, q)
	}
	c.wanted = nil
}
