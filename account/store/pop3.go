package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// POP3Inbox is the local folder POP3 downloads go to.
const POP3Inbox = "INBOX"

// AddDownloaded stores a message downloaded by POP3, in one transaction:
// its header row in the account's local INBOX (created if needed, UIDs
// assigned locally), its whole source, its body text in the index, and
// the UIDL so it is never downloaded twice. A UIDL already recorded is a
// no-op.
func (s *Store) AddDownloaded(ctx context.Context, account, uidl string, at time.Time, m Message, raw []byte, text string) error {
	return s.AddDownloads(ctx, account, []Download{{UIDL: uidl, At: at, Message: m, Raw: raw, Text: text}})
}

// Download is one POP3 message to keep (see AddDownloaded).
type Download struct {
	UIDL    string
	At      time.Time
	Message Message
	Raw     []byte
	Text    string
}

// AddDownloads is AddDownloaded for a batch, in one transaction: all of
// them are kept, or none.
func (s *Store) AddDownloads(ctx context.Context, account string, ds []Download) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, d := range ds {
			if err := addDownload(ctx, tx, account, d.UIDL, d.At, d.Message, d.Raw, d.Text); err != nil {
				return err
			}
		}
		return nil
	})
}

func addDownload(ctx context.Context, tx *sql.Tx, account, uidl string, at time.Time, m Message, raw []byte, text string) error {
	if raw == nil {
		raw = []byte{}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pop3 WHERE account = ? AND uidl = ?`, account, uidl).Scan(&n); err != nil {
		return fmt.Errorf("store: pop3: %w", err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO folders (account, name, role, uidvalidity) VALUES (?, ?, ?, 1)
		ON CONFLICT (account, name) DO NOTHING`, account, POP3Inbox, string(RoleInbox)); err != nil {
		return fmt.Errorf("store: pop3 inbox: %w", err)
	}
	fid, err := folderID(ctx, tx, account, POP3Inbox)
	if err != nil {
		return err
	}
	// uidnext counts on past deleted messages: a UID is never reused.
	var uidValidity, uid uint32
	if err := tx.QueryRowContext(ctx, `SELECT max(uidvalidity, 1), max(uidnext, (SELECT coalesce(max(uid), 0) + 1
		FROM messages WHERE folder_id = ?1)) FROM folders WHERE id = ?1`, fid).Scan(&uidValidity, &uid); err != nil {
		return fmt.Errorf("store: pop3 uid: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE folders SET uidnext = ? WHERE id = ?`, uid+1, fid); err != nil {
		return fmt.Errorf("store: pop3 uid: %w", err)
	}
	m.UID = uid
	if err := upsert(ctx, tx, account, POP3Inbox, uidValidity, []Message{m}); err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM messages WHERE folder_id = ? AND uid = ?`, fid, uid).Scan(&id); err != nil {
		return fmt.Errorf("store: pop3: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sources (message_id, raw) VALUES (?, ?)`, id, raw); err != nil {
		return fmt.Errorf("store: pop3 source: %w", err)
	}
	if text != "" {
		if err := indexBodies(ctx, tx, []BodyText{{ID: id, Text: text}}); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pop3 (account, uidl, downloaded) VALUES (?, ?, ?)`,
		account, uidl, at.UnixMilli()); err != nil {
		return fmt.Errorf("store: pop3: %w", err)
	}
	return nil
}

// POP3Downloaded maps every UIDL downloaded for the account to when.
func (s *Store) POP3Downloaded(ctx context.Context, account string) (map[string]time.Time, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT uidl, downloaded FROM pop3 WHERE account = ?`, account)
	if err != nil {
		return nil, fmt.Errorf("store: pop3: %w", err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var uidl string
		var at int64
		if err := rows.Scan(&uidl, &at); err != nil {
			return nil, fmt.Errorf("store: pop3: %w", err)
		}
		out[uidl] = time.UnixMilli(at)
	}
	return out, rows.Err()
}

// ForgetPOP3 drops UIDL records (the messages are gone from the server);
// the local copies stay.
func (s *Store) ForgetPOP3(ctx context.Context, account string, uidls []string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `DELETE FROM pop3 WHERE account = ? AND uidl = ?`)
		if err != nil {
			return fmt.Errorf("store: pop3 forget: %w", err)
		}
		defer st.Close()
		for _, u := range uidls {
			if _, err := st.ExecContext(ctx, account, u); err != nil {
				return fmt.Errorf("store: pop3 forget: %w", err)
			}
		}
		return nil
	})
}

// Source returns the whole stored source of a message, kept for messages
// whose only copy is local (POP3). ErrNotFound when none is kept.
func (s *Store) Source(ctx context.Context, message int64) ([]byte, error) {
	var raw []byte
	err := s.r.QueryRowContext(ctx, `SELECT raw FROM sources WHERE message_id = ?`, message).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: source of %d: %w", message, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: source: %w", err)
	}
	if raw == nil {
		raw = []byte{}
	}
	return raw, nil
}
