package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Action is a user's change waiting to reach the server (mark read, move,
// delete ...). Kind and Args are the engine's vocabulary; the store keeps
// them as given.
type Action struct {
	ID      int64
	Account string
	Folder  string
	UIDs    []uint32
	Kind    string
	Args    string
	Created time.Time
}

// AddAction queues an action and returns its id.
func (s *Store) AddAction(ctx context.Context, a Action) (int64, error) {
	if a.Created.IsZero() {
		a.Created = time.Now()
	}
	res, err := s.w.ExecContext(ctx, `INSERT INTO actions (account, folder, uids, action, args, created)
		VALUES (?, ?, ?, ?, ?, ?)`, a.Account, a.Folder, uidsJSON(a.UIDs), a.Kind, a.Args, a.Created.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("store: queue action: %w", err)
	}
	return res.LastInsertId()
}

// Actions lists an account's queued actions in the order they were made.
func (s *Store) Actions(ctx context.Context, account string) ([]Action, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, account, folder, uids, action, args, created FROM actions
		WHERE account = ? ORDER BY id`, account)
	if err != nil {
		return nil, fmt.Errorf("store: actions: %w", err)
	}
	defer rows.Close()
	var out []Action
	for rows.Next() {
		var a Action
		var uids string
		var created int64
		if err := rows.Scan(&a.ID, &a.Account, &a.Folder, &uids, &a.Kind, &a.Args, &created); err != nil {
			return nil, fmt.Errorf("store: actions: %w", err)
		}
		if err := json.Unmarshal([]byte(uids), &a.UIDs); err != nil {
			return nil, fmt.Errorf("store: action %d uids: %w", a.ID, err)
		}
		a.Created = time.UnixMilli(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

// RemoveAction drops an action once the server has it.
func (s *Store) RemoveAction(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM actions WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("store: remove action: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: action %d: %w", id, ErrNotFound)
	}
	return nil
}
