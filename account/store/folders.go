package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// UpsertFolder adds a folder or updates its role; sync state and counts
// are kept.
func (s *Store) UpsertFolder(ctx context.Context, account, name string, role Role) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO folders (account, name, role) VALUES (?, ?, ?)
		ON CONFLICT (account, name) DO UPDATE SET role = excluded.role`, account, name, string(role))
	if err != nil {
		return fmt.Errorf("store: upsert folder: %w", err)
	}
	return nil
}

// DeleteFolder removes a folder with all its messages and cached parts.
func (s *Store) DeleteFolder(ctx context.Context, account, name string) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM folders WHERE account = ? AND name = ?`, account, name)
	if err != nil {
		return fmt.Errorf("store: delete folder: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: folder %q: %w", name, ErrNotFound)
	}
	return nil
}

// SetFolderState records where the folder's sync stands.
func (s *Store) SetFolderState(ctx context.Context, account, name string, st FolderState) error {
	res, err := s.w.ExecContext(ctx, `UPDATE folders SET uidvalidity = ?, uidnext = ?, highestmodseq = ?
		WHERE account = ? AND name = ?`, st.UIDValidity, st.UIDNext, int64(st.HighestModSeq), account, name)
	if err != nil {
		return fmt.Errorf("store: set folder state: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: folder %q: %w", name, ErrNotFound)
	}
	return nil
}

// ResetFolder drops every message of the folder and starts it over under
// a new UIDVALIDITY: the old UIDs name nothing any more.
func (s *Store) ResetFolder(ctx context.Context, account, name string, uidValidity uint32) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, err := folderID(ctx, tx, account, name)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM messages WHERE folder_id = ?`, id); err != nil {
			return fmt.Errorf("store: reset folder: %w", err)
		}
		_, err = tx.ExecContext(ctx, `UPDATE folders SET uidvalidity = ?, uidnext = 0, highestmodseq = 0,
			total = 0, unread = 0 WHERE id = ?`, uidValidity, id)
		if err != nil {
			return fmt.Errorf("store: reset folder: %w", err)
		}
		return nil
	})
}

const folderCols = `account, name, role, uidvalidity, uidnext, highestmodseq, total, unread`

func scanFolder(sc interface{ Scan(...any) error }) (Folder, error) {
	var f Folder
	var role string
	var modseq int64
	err := sc.Scan(&f.Account, &f.Name, &role, &f.State.UIDValidity, &f.State.UIDNext, &modseq, &f.Total, &f.Unread)
	f.Role, f.State.HighestModSeq = Role(role), uint64(modseq)
	return f, err
}

// Folder returns one folder.
func (s *Store) Folder(ctx context.Context, account, name string) (Folder, error) {
	f, err := scanFolder(s.r.QueryRowContext(ctx, `SELECT `+folderCols+` FROM folders
		WHERE account = ? AND name = ?`, account, name))
	if errors.Is(err, sql.ErrNoRows) {
		return Folder{}, fmt.Errorf("store: folder %q: %w", name, ErrNotFound)
	}
	if err != nil {
		return Folder{}, fmt.Errorf("store: folder: %w", err)
	}
	return f, nil
}

// Folders lists an account's folders ("" lists every account's), with
// counts, by account and name.
func (s *Store) Folders(ctx context.Context, account string) ([]Folder, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+folderCols+` FROM folders
		WHERE ? = '' OR account = ? ORDER BY account, name`, account, account)
	if err != nil {
		return nil, fmt.Errorf("store: folders: %w", err)
	}
	defer rows.Close()
	var out []Folder
	for rows.Next() {
		f, err := scanFolder(rows)
		if err != nil {
			return nil, fmt.Errorf("store: folders: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

type queryer interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

func folderID(ctx context.Context, q queryer, account, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM folders WHERE account = ? AND name = ?`, account, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: folder %q of %q: %w", name, account, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("store: folder: %w", err)
	}
	return id, nil
}

// recount refreshes a folder's counts from its rows; the partial index on
// unread messages keeps this cheap.
func recount(ctx context.Context, tx *sql.Tx, folder int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE folders SET
		total = (SELECT count(*) FROM messages WHERE folder_id = ?1),
		unread = (SELECT count(*) FROM messages WHERE folder_id = ?1 AND flags & 1 = 0)
		WHERE id = ?1`, folder)
	if err != nil {
		return fmt.Errorf("store: recount: %w", err)
	}
	return nil
}
