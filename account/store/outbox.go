package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"wren/account"
)

// OutboxState is where a message in the outbox stands (see account/outbox).
type OutboxState string

const (
	OutboxQueued  OutboxState = "queued"
	OutboxSending OutboxState = "sending"
	OutboxSent    OutboxState = "sent"
	OutboxFailed  OutboxState = "failed"
	OutboxUnknown OutboxState = "unknown"
)

// OutboxItem is one stored outgoing message.
type OutboxItem struct {
	ID      int64
	Account string
	From    string   // SMTP envelope sender
	To      []string // SMTP envelope recipients
	// File is the message as built, a file in OutboxDir (the absolute
	// path once read back); Raw holds it instead for messages queued
	// before files (schema v9) and in tests.
	File      string
	Raw       []byte
	MessageID string
	State     OutboxState
	Attempts  int
	Next      time.Time // earliest next attempt
	LastError string    // the last failure as account/outbox encodes it, "" after success
	SentCopy  bool      // the Sent folder has its copy (or needs none)
	Created   time.Time
	// AllowPartial: the user chose to send to the recipients the server
	// accepts when it refuses others (set by UpdateOutbox only).
	AllowPartial bool
	// Owner is the process that last claimed the item (SwapOutbox); ""
	// before any claim.
	Owner string
}

// AddOutbox stores a new item and returns its id. A zero Created is now;
// an empty State is queued.
func (s *Store) AddOutbox(ctx context.Context, it OutboxItem) (int64, error) {
	if it.Created.IsZero() {
		it.Created = time.Now()
	}
	if it.State == "" {
		it.State = OutboxQueued
	}
	name, err := s.outboxName(it.File)
	if err != nil {
		return 0, err
	}
	to, _ := json.Marshal(it.To) // strings always marshal
	raw := it.Raw
	if raw == nil {
		raw = []byte{} // the message lives in its file; the column is NOT NULL
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO outbox (account, mail_from, rcpt_to, raw, file, message_id, state,
		attempts, next_at, last_error, sent_copy, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.Account, it.From, string(to), raw, name, it.MessageID, string(it.State), it.Attempts, unixMilli(it.Next),
		it.LastError, it.SentCopy, it.Created.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("store: add to outbox: %w", account.DiskFull(err, s.dir, int64(len(it.Raw))))
	}
	return res.LastInsertId()
}

// UpdateOutbox saves everything of it but the message, Account and Created.
func (s *Store) UpdateOutbox(ctx context.Context, it OutboxItem) error {
	n, err := s.setOutbox(ctx, it, "")
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("store: outbox item %d: %w", it.ID, ErrNotFound)
	}
	return nil
}

// SwapOutbox saves it as UpdateOutbox does, but only while the stored
// item still has old's state, attempts and owner; it reports whether it
// did. Processes sharing the store claim a message this way: of two that
// read it queued, one swaps it to sending and the other is refused.
func (s *Store) SwapOutbox(ctx context.Context, old, it OutboxItem) (bool, error) {
	n, err := s.setOutbox(ctx, it, ` AND state = ? AND attempts = ? AND owner = ?`,
		string(old.State), old.Attempts, old.Owner)
	return n == 1, err
}

func (s *Store) setOutbox(ctx context.Context, it OutboxItem, cond string, args ...any) (int64, error) {
	to, _ := json.Marshal(it.To)
	res, err := s.w.ExecContext(ctx, `UPDATE outbox SET mail_from = ?, rcpt_to = ?, message_id = ?, state = ?,
		attempts = ?, next_at = ?, last_error = ?, sent_copy = ?, allow_partial = ?, owner = ? WHERE id = ?`+cond,
		append([]any{it.From, string(to), it.MessageID, string(it.State), it.Attempts, unixMilli(it.Next),
			it.LastError, it.SentCopy, it.AllowPartial, it.Owner, it.ID}, args...)...)
	if err != nil {
		return 0, fmt.Errorf("store: update outbox: %w", err)
	}
	return res.RowsAffected()
}

// RemoveOutboxIf deletes an item and its message file while it still has
// old's state, attempts and owner (so an undo never removes a message
// another process has begun to send); it reports whether it did.
func (s *Store) RemoveOutboxIf(ctx context.Context, old OutboxItem) (bool, error) {
	var name string
	err := s.w.QueryRowContext(ctx, `DELETE FROM outbox WHERE id = ? AND state = ? AND attempts = ? AND owner = ?
		RETURNING file`, old.ID, string(old.State), old.Attempts, old.Owner).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: remove from outbox: %w", err)
	}
	s.removeOutboxFiles([]string{name})
	return true, nil
}

// OwnersDir is where the processes sharing the store hold their lock
// files (account/internal/owner).
func (s *Store) OwnersDir() string { return filepath.Join(s.dir, "owners") }

// PruneOutbox deletes the sent messages queued before before whose Sent
// copy is filed (or needs none): the server keeps them from there, and the
// outbox would otherwise hold every message ever sent. It returns how many
// went; anything not sent, or still waiting for its Sent copy, stays.
func (s *Store) PruneOutbox(ctx context.Context, before time.Time) (int64, error) {
	rows, err := s.w.QueryContext(ctx, `DELETE FROM outbox WHERE state = ? AND sent_copy = 1 AND created < ? RETURNING file`,
		string(OutboxSent), before.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("store: prune outbox: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return 0, fmt.Errorf("store: prune outbox: %w", err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: prune outbox: %w", err)
	}
	s.removeOutboxFiles(names)
	return int64(len(names)), nil
}

const outboxCols = `id, account, mail_from, rcpt_to, raw, file, message_id, state, attempts, next_at, last_error, sent_copy, created, allow_partial, owner`

// GetOutbox returns one item.
func (s *Store) GetOutbox(ctx context.Context, id int64) (OutboxItem, error) {
	items, err := s.outbox(ctx, `SELECT `+outboxCols+` FROM outbox WHERE id = ?`, id)
	if err != nil {
		return OutboxItem{}, err
	}
	if len(items) == 0 {
		return OutboxItem{}, fmt.Errorf("store: outbox item %d: %w", id, ErrNotFound)
	}
	return items[0], nil
}

// OutboxDue lists queued items whose next attempt time has come, oldest
// first.
func (s *Store) OutboxDue(ctx context.Context, now time.Time) ([]OutboxItem, error) {
	return s.outbox(ctx, `SELECT `+outboxCols+` FROM outbox WHERE state = ? AND next_at <= ? ORDER BY next_at, id`,
		string(OutboxQueued), now.UnixMilli())
}

// OutboxInState lists the items in a state, oldest first.
func (s *Store) OutboxInState(ctx context.Context, st OutboxState) ([]OutboxItem, error) {
	return s.outbox(ctx, `SELECT `+outboxCols+` FROM outbox WHERE state = ? ORDER BY id`, string(st))
}

func (s *Store) outbox(ctx context.Context, q string, args ...any) ([]OutboxItem, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		var to, state, file string
		var next, created int64
		if err := rows.Scan(&it.ID, &it.Account, &it.From, &to, &it.Raw, &file, &it.MessageID, &state, &it.Attempts,
			&next, &it.LastError, &it.SentCopy, &created, &it.AllowPartial, &it.Owner); err != nil {
			return nil, fmt.Errorf("store: outbox: %w", err)
		}
		if err := json.Unmarshal([]byte(to), &it.To); err != nil {
			return nil, fmt.Errorf("store: outbox item %d recipients: %w", it.ID, err)
		}
		it.State, it.Created = OutboxState(state), time.UnixMilli(created)
		if file != "" {
			it.File = filepath.Join(s.OutboxDir(), file)
		}
		if next != 0 {
			it.Next = time.UnixMilli(next)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

func unixMilli(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}
