package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// PutPart records a part of a message and, when data is not nil, caches
// its content. The least recently used contents are dropped to stay
// within the store's part budget (their structure stays); content larger
// than the whole budget is not cached at all.
func (s *Store) PutPart(ctx context.Context, message int64, p Part, data []byte) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.putPart(ctx, tx, message, p, data); err != nil {
			return err
		}
		return s.evict(ctx, tx)
	})
}

// putPart is PutPart inside a transaction, without the eviction that
// must follow.
func (s *Store) putPart(ctx context.Context, tx *sql.Tx, message int64, p Part, data []byte) error {
	if data != nil && int64(len(data)) > s.partBudget {
		data = nil
	}
	var stored int64
	var blob any // nil binds NULL: structure only
	if data != nil {
		stored, blob = int64(len(data)), data
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO parts (message_id, part, content_type, filename, size, stored, data, last_used)
		VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT coalesce(max(last_used), 0) + 1 FROM parts WHERE data IS NOT NULL))
		ON CONFLICT (message_id, part) DO UPDATE SET content_type = excluded.content_type,
			filename = excluded.filename, size = excluded.size,
			stored = CASE WHEN ?7 IS NULL THEN stored ELSE excluded.stored END,
			data = coalesce(excluded.data, data), last_used = excluded.last_used`,
		message, p.ID, p.ContentType, p.Filename, p.Size, stored, blob)
	if err != nil {
		if isForeignKey(err) {
			return fmt.Errorf("store: message %d: %w", message, ErrNotFound)
		}
		return fmt.Errorf("store: put part: %w", err)
	}
	return nil
}

// evict drops cached contents, least recently used first, until the
// total fits the budget.
func (s *Store) evict(ctx context.Context, tx *sql.Tx) error {
	var total int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(stored), 0) FROM parts WHERE data IS NOT NULL`).Scan(&total); err != nil {
		return fmt.Errorf("store: cache size: %w", err)
	}
	for total > s.partBudget {
		var msg, stored int64
		var part string
		err := tx.QueryRowContext(ctx, `SELECT message_id, part, stored FROM parts WHERE data IS NOT NULL
			ORDER BY last_used LIMIT 1`).Scan(&msg, &part, &stored)
		if err != nil {
			return fmt.Errorf("store: evict: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE parts SET data = NULL, stored = 0 WHERE message_id = ? AND part = ?`, msg, part); err != nil {
			return fmt.Errorf("store: evict: %w", err)
		}
		total -= stored
	}
	return nil
}

// GetPart returns a cached part's content and marks it recently used.
// ErrNotCached means the part is known but its content must be fetched;
// ErrNotFound that the part is not known at all.
func (s *Store) GetPart(ctx context.Context, message int64, part string) ([]byte, error) {
	var data []byte
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var has bool
		err := tx.QueryRowContext(ctx, `SELECT data IS NOT NULL, data FROM parts WHERE message_id = ? AND part = ?`,
			message, part).Scan(&has, &data)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: part %s of %d: %w", part, message, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: get part: %w", err)
		}
		if !has {
			return fmt.Errorf("store: part %s of %d: %w", part, message, ErrNotCached)
		}
		_, err = tx.ExecContext(ctx, `UPDATE parts SET last_used = (SELECT max(last_used) + 1 FROM parts
			WHERE data IS NOT NULL) WHERE message_id = ? AND part = ?`, message, part)
		if err != nil {
			return fmt.Errorf("store: get part: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if data == nil {
		data = []byte{}
	}
	return data, nil
}

// CacheSize is the bytes of part content cached now.
func (s *Store) CacheSize(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT coalesce(sum(stored), 0) FROM parts WHERE data IS NOT NULL`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: cache size: %w", err)
	}
	return n, nil
}
