package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
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
	defer s.idle.kick(s) // rows without text are left to CatchUp
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

// POP3Downloaded maps every UIDL downloaded for the account to when
// (header-only ones included: see AddPOP3Headers).
func (s *Store) POP3Downloaded(ctx context.Context, account string) (map[string]time.Time, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT uidl, downloaded FROM pop3 WHERE account = ?
		AND substr(uidl, 1, ?) != ?`, account, len(pendingMark), pendingMark)
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
			for _, key := range []string{u, pendingMark + u} {
				if _, err := st.ExecContext(ctx, account, key); err != nil {
					return fmt.Errorf("store: pop3 forget: %w", err)
				}
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

// A POP3 message can be listed before its source is kept: its header row
// comes from TOP n 0, the source from a later RETR. Until then the pop3
// table holds a pending mark beside its UIDL: the key pendingMark+UIDL
// (a space never occurs in a UIDL, RFC 1939 §7) with the message's local
// UID in the downloaded column. UIDs in the POP3 Inbox are never reused,
// so a mark cannot point at another message.
const pendingMark = " pending "

// HeaderDownload is a POP3 message known by its header only.
type HeaderDownload struct {
	UIDL    string
	At      time.Time
	Message Message
}

// AddPOP3Headers lists a batch of POP3 messages by their headers, in one
// transaction: header rows in the account's local INBOX (created if
// needed, UIDs assigned locally; threaded and indexed by CatchUp), each UIDL
// recorded (never fetched again) and marked pending until AddPOP3Sources
// keeps its source. UIDLs already recorded are skipped.
func (s *Store) AddPOP3Headers(ctx context.Context, account string, hs []HeaderDownload) error {
	if len(hs) == 0 {
		return nil
	}
	defer s.idle.kick(s)
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO folders (account, name, role, uidvalidity) VALUES (?, ?, ?, 1)
			ON CONFLICT (account, name) DO NOTHING`, account, POP3Inbox, string(RoleInbox)); err != nil {
			return fmt.Errorf("store: pop3 inbox: %w", err)
		}
		fid, err := folderID(ctx, tx, account, POP3Inbox)
		if err != nil {
			return err
		}
		known, err := knownUIDLs(ctx, tx, account, hs)
		if err != nil {
			return err
		}
		var uidValidity, next uint32
		if err := tx.QueryRowContext(ctx, `SELECT max(uidvalidity, 1), max(uidnext, (SELECT coalesce(max(uid), 0) + 1
			FROM messages WHERE folder_id = ?1)) FROM folders WHERE id = ?1`, fid).Scan(&uidValidity, &next); err != nil {
			return fmt.Errorf("store: pop3 uid: %w", err)
		}
		ms := make([]Message, 0, len(hs))
		recs := make([]pop3Rec, 0, 2*len(hs))
		for _, h := range hs {
			if known[h.UIDL] {
				continue
			}
			known[h.UIDL] = true // a UIDL twice in one batch is listed once
			m := h.Message
			m.UID = next
			next++
			ms = append(ms, m)
			recs = append(recs, pop3Rec{h.UIDL, h.At.UnixMilli()}, pop3Rec{pendingMark + h.UIDL, int64(m.UID)})
		}
		if err := insertPOP3(ctx, tx, account, recs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE folders SET uidnext = ? WHERE id = ?`, next, fid); err != nil {
			return fmt.Errorf("store: pop3 uid: %w", err)
		}
		return upsert(ctx, tx, account, POP3Inbox, uidValidity, ms)
	})
}

// knownUIDLs finds which of the batch's UIDLs are recorded already.
func knownUIDLs(ctx context.Context, tx *sql.Tx, account string, hs []HeaderDownload) (map[string]bool, error) {
	list := make([]string, len(hs))
	for i, h := range hs {
		list[i] = h.UIDL
	}
	js, _ := json.Marshal(list) // strings always marshal
	rows, err := tx.QueryContext(ctx, `SELECT uidl FROM pop3 WHERE account = ?
		AND uidl IN (SELECT value FROM json_each(?))`, account, string(js))
	if err != nil {
		return nil, fmt.Errorf("store: pop3: %w", err)
	}
	return stringSet(rows, "pop3")
}

// stringSet reads a one-column result of strings into a set; what names
// the query in errors.
func stringSet(rows *sql.Rows, what string) (map[string]bool, error) {
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out[u] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// POP3Pending lists the UIDLs listed by header whose source is not kept
// yet (and whose row the user has not deleted meanwhile).
func (s *Store) POP3Pending(ctx context.Context, account string) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT substr(p.uidl, ?) FROM pop3 p
		JOIN folders f ON f.account = p.account AND f.name = ?
		JOIN messages m ON m.folder_id = f.id AND m.uid = p.downloaded
		WHERE p.account = ? AND substr(p.uidl, 1, ?) = ?`,
		len(pendingMark)+1, POP3Inbox, account, len(pendingMark), pendingMark)
	if err != nil {
		return nil, fmt.Errorf("store: pop3 pending: %w", err)
	}
	return stringSet(rows, "pop3 pending")
}

// POP3Source is the whole source of a message listed by AddPOP3Headers.
type POP3Source struct {
	UIDL string
	Raw  []byte
	// Text is the decoded body text, for search; HasAttachment replaces
	// the header row's guess now that the parts are known.
	Text          string
	HasAttachment bool
}

// AddPOP3Sources keeps the sources of pending messages, in one
// transaction (all or none): each source is stored, the row's size and
// attachment mark corrected, its text indexed, and the pending mark
// dropped. A UIDL that is not pending, or whose row the user deleted
// meanwhile, is skipped (the mark goes).
func (s *Store) AddPOP3Sources(ctx context.Context, account string, srcs []POP3Source) error {
	if len(srcs) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		fid, err := folderID(ctx, tx, account, POP3Inbox)
		if err != nil {
			return err
		}
		var bodies []BodyText
		for _, src := range srcs {
			var uid uint32
			err := tx.QueryRowContext(ctx, `SELECT downloaded FROM pop3 WHERE account = ? AND uidl = ?`,
				account, pendingMark+src.UIDL).Scan(&uid)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("store: pop3 pending: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM pop3 WHERE account = ? AND uidl = ?`, account, pendingMark+src.UIDL); err != nil {
				return fmt.Errorf("store: pop3 pending: %w", err)
			}
			var id int64
			err = tx.QueryRowContext(ctx, `SELECT id FROM messages WHERE folder_id = ? AND uid = ?`, fid, uid).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue // deleted locally before its source came
			}
			if err != nil {
				return fmt.Errorf("store: pop3 source: %w", err)
			}
			raw := src.Raw
			if raw == nil {
				raw = []byte{}
			}
			if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO sources (message_id, raw) VALUES (?, ?)`, id, raw); err != nil {
				return fmt.Errorf("store: pop3 source: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE messages SET size = ?, has_attachment = ? WHERE id = ?`,
				len(src.Raw), src.HasAttachment, id); err != nil {
				return fmt.Errorf("store: pop3 source: %w", err)
			}
			if src.Text != "" {
				bodies = append(bodies, BodyText{ID: id, Text: src.Text})
			}
		}
		if len(bodies) == 0 {
			return nil
		}
		return indexBodies(ctx, tx, bodies)
	})
}

// pop3Rec is a row of the pop3 table: a UIDL (or pending mark) and its
// value.
type pop3Rec struct {
	key string
	val int64
}

// insertPOP3 adds pop3 rows, many per statement, in key order (the
// b-tree's order, so neighbouring inserts share leaves).
func insertPOP3(ctx context.Context, tx *sql.Tx, account string, recs []pop3Rec) error {
	if len(recs) == 0 {
		return nil
	}
	slices.SortFunc(recs, func(a, b pop3Rec) int { return strings.Compare(a.key, b.key) })
	args := make([]any, 0, 3*len(recs))
	for _, r := range recs {
		args = append(args, account, r.key, r.val)
	}
	if err := insertMany(ctx, tx, `INSERT INTO pop3 (account, uidl, downloaded)`, 3, args); err != nil {
		return fmt.Errorf("store: pop3: %w", err)
	}
	return nil
}
