package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"strings"

	_ "modernc.org/sqlite" // driver "sqlite"
)

// DefaultPartBudget bounds the cached bodies and attachments.
const DefaultPartBudget = 256 << 20

// Store is an open store file.
type Store struct {
	w *sql.DB // the one writer connection
	r *sql.DB // read-only pool

	dir        string // the folder of the store file (for "disk full")
	partBudget int64
	idle       idler     // background CatchUp after writes
	bulk       stmtCache // the writer's bulk statements, kept prepared
	// indexed, when set (by tests), hears of every committed catch-up batch.
	indexed func(rows int)
	// bulkMost is CatchUpBulk's transaction size (bulkMost; tests lower it).
	bulkMost int
}

// Option adjusts Open.
type Option func(*Store)

// WithPartBudget sets the byte budget of cached part contents; the least
// recently used contents are dropped beyond it.
func WithPartBudget(n int64) Option { return func(s *Store) { s.partBudget = n } }

// Open opens (creating if needed) the store at path and brings its schema
// up to date.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	return openWith(ctx, path, migrations, opts...)
}

func openWith(ctx context.Context, path string, migs []migration, opts ...Option) (*Store, error) {
	s := &Store{partBudget: DefaultPartBudget, dir: filepath.Dir(path)}
	s.idle.delay = idleDelay
	s.bulkMost = bulkMost
	for _, o := range opts {
		o(s)
	}
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	// One writer: SQLite serialises writers, and a single connection
	// turns lock contention into queueing in database/sql.
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := migrate(ctx, w, migs); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open store: %w", err)
	}
	r.SetMaxOpenConns(max(2, runtime.GOMAXPROCS(0)))
	s.w, s.r = w, r
	s.idle.init()
	return s, nil
}

// dsn builds the modernc connection string: pragmas run on every new
// connection. Writers take the lock at BEGIN, so a transaction never fails
// half-way on an upgrade from read to write.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "temp_store(MEMORY)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_txlock", "immediate")
		// 8 MB (the default is 2): a sync's index pages stay cached
		// across batches. (16 MB made no first sync faster since threads
		// and the index are built in one pass, and raised its peak memory
		// from 95 MB to 111.)
		q.Add("_pragma", "cache_size(-8192)")
		// Checkpoints every 64 MB of log (the default is 4): a page
		// rewritten by several transactions in between is copied into
		// the store once, which halves what a first sync writes.
		q.Add("_pragma", "wal_autocheckpoint(16384)")
	}
	return "file:" + uriEscaper.Replace(path) + "?" + q.Encode()
}

// uriEscaper quotes the characters that end or escape the path part of an
// SQLite URI filename.
var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Close closes the store; it waits for running queries and stops the
// background catch-up (rows it did not reach are caught up after reopening).
func (s *Store) Close() error {
	s.idle.stop()
	s.bulk.close()
	return errors.Join(s.r.Close(), s.w.Close())
}

// tx runs fn in one write transaction, rolling back on error.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	s.bulk.flush(ctx, s.w)
	return nil
}
