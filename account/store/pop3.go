package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"wren/account"
)

// A POP3 account's mail lives in local folders, as in the common desktop
// clients' "Local Folders": POP3Inbox takes the downloads, POP3Sent the
// copies of what the account sends, and the others take what the user
// moves there (MoveLocal). Every message of a POP3 account keeps the UID
// it was given, whichever of its local folders it is in: the UIDs come
// from the Inbox's one counter.
const (
	POP3Inbox   = "INBOX"
	POP3Sent    = "Sent"
	POP3Archive = "Archive"
	POP3Junk    = "Junk"
	POP3Trash   = "Trash"
)

// pop3Local are the local folders with their roles.
var pop3Local = []struct {
	name string
	role Role
}{{POP3Inbox, RoleInbox}, {POP3Sent, RoleSent}, {POP3Archive, RoleArchive}, {POP3Junk, RoleJunk}, {POP3Trash, RoleTrash}}

// EnsurePOP3Folders creates a POP3 account's local folders when missing
// (a store from before one of them existed gets it at the next check).
func (s *Store) EnsurePOP3Folders(ctx context.Context, account string) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return pop3Folders(ctx, tx, account) })
}

// pop3Folders creates a POP3 account's local folders when missing.
func pop3Folders(ctx context.Context, tx *sql.Tx, account string) error {
	args := []any{account}
	for _, f := range pop3Local {
		args = append(args, f.name, string(f.role))
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO folders (account, name, role, uidvalidity)
		SELECT ?1, column1, column2, 1 FROM (`+valuesList(2, len(pop3Local))+`)
		WHERE true ON CONFLICT (account, name) DO NOTHING`, args...)
	if err != nil {
		return fmt.Errorf("store: pop3 folders: %w", err)
	}
	return nil
}

// uidCounter hands out a POP3 account's UIDs. They come from its Inbox's
// uidnext, which counts for all its local folders and past deleted
// messages: a UID is never reused.
type uidCounter struct {
	inbox       int64
	uidValidity uint32
	next        uint32
}

// pop3UIDs reads the account's counter, creating its folders when missing.
func pop3UIDs(ctx context.Context, tx *sql.Tx, account string) (*uidCounter, error) {
	if err := pop3Folders(ctx, tx, account); err != nil {
		return nil, err
	}
	inbox, err := folderID(ctx, tx, account, POP3Inbox)
	if err != nil {
		return nil, err
	}
	c := &uidCounter{inbox: inbox}
	if err := tx.QueryRowContext(ctx, `SELECT max(uidvalidity, 1), max(uidnext, (SELECT coalesce(max(uid), 0) + 1
		FROM messages WHERE folder_id = ?1)) FROM folders WHERE id = ?1`, inbox).Scan(&c.uidValidity, &c.next); err != nil {
		return nil, fmt.Errorf("store: pop3 uid: %w", err)
	}
	return c, nil
}

// take hands out the next UID.
func (c *uidCounter) take() uint32 {
	c.next++
	return c.next - 1
}

// save records where the counter stands.
func (c *uidCounter) save(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `UPDATE folders SET uidnext = ? WHERE id = ?`, c.next, c.inbox); err != nil {
		return fmt.Errorf("store: pop3 uid: %w", err)
	}
	return nil
}

// accountMessageSQL finds a message of an account by UID in any of its
// folders (a POP3 account's UIDs are unique across its local folders).
const accountMessageSQL = `SELECT m.id FROM messages m JOIN folders f ON f.id = m.folder_id
	WHERE f.account = ? AND m.uid = ?`

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
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM pop3 WHERE account = ? AND uidl = ?`, account, uidl).Scan(&n); err != nil {
		return fmt.Errorf("store: pop3: %w", err)
	}
	if n > 0 {
		return nil
	}
	if err := addLocal(ctx, tx, account, POP3Inbox, m, raw, text); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO pop3 (account, uidl, downloaded) VALUES (?, ?, ?)`,
		account, uidl, at.UnixMilli()); err != nil {
		return fmt.Errorf("store: pop3: %w", err)
	}
	return nil
}

// AddLocalSent keeps a copy of a message a POP3 account sent in its local
// Sent folder, with its whole source and its body text in the index (the
// account's server has no folders to file it in). A copy with the same
// Message-ID there already makes it a no-op, so filing again after a
// crash does not make a second copy; added says whether this call did.
func (s *Store) AddLocalSent(ctx context.Context, account string, m Message, raw []byte, text string) (added bool, err error) {
	defer s.idle.kick(s)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if id := trimID(m.MessageID); id != "" {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE folder_id =
				(SELECT id FROM folders WHERE account = ? AND name = ?) AND message_id = ?`,
				account, POP3Sent, id).Scan(&n); err != nil {
				return fmt.Errorf("store: local sent: %w", err)
			}
			if n > 0 {
				return nil
			}
		}
		added = true
		return addLocal(ctx, tx, account, POP3Sent, m, raw, text)
	})
	return added && err == nil, err
}

// addLocal stores a whole message in one of a POP3 account's local
// folders: its header row under the next UID of the account's counter,
// its source, and its body text in the index.
func addLocal(ctx context.Context, tx *sql.Tx, account, folder string, m Message, raw []byte, text string) error {
	if raw == nil {
		raw = []byte{}
	}
	c, err := pop3UIDs(ctx, tx, account)
	if err != nil {
		return err
	}
	uid := c.take()
	if err := c.save(ctx, tx); err != nil {
		return err
	}
	m.UID = uid
	if err := upsert(ctx, tx, nil, account, folder, c.uidValidity, []Message{m}); err != nil {
		return err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, accountMessageSQL, account, uid).Scan(&id); err != nil {
		return fmt.Errorf("store: pop3: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sources (message_id, raw) VALUES (?, ?)`, id, raw); err != nil {
		return fmt.Errorf("store: pop3 source: %w", err)
	}
	if text != "" {
		return indexBodies(ctx, tx, nil, []BodyText{{ID: id, Text: text}})
	}
	return nil
}

// POP3Downloaded maps every UIDL downloaded for the account to when
// (header-only ones included: see AddPOP3Headers).
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

// A POP3 message can be listed before its source is kept: its header row
// comes from TOP n 0, the source from a later RETR. Until then its pop3
// row holds the message's local UID in pending_uid. UIDs in the POP3
// Inbox are never reused, so a mark cannot point at another message.

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
		c, err := pop3UIDs(ctx, tx, account)
		if err != nil {
			return err
		}
		// Every UIDL gets the next UID; one recorded already (or twice in
		// the batch) is left out by the insert, and its UID stays unused.
		recs := make([]pop3Rec, 0, len(hs))
		ms := make([]Message, 0, len(hs)) // in UID order
		uidls := make([]string, 0, len(hs))
		seen := make(map[string]bool, len(hs))
		for _, h := range hs {
			if seen[h.UIDL] {
				continue
			}
			seen[h.UIDL] = true
			m := h.Message
			m.UID = c.take()
			ms, uidls = append(ms, m), append(uidls, h.UIDL)
			recs = append(recs, pop3Rec{uidl: h.UIDL, at: h.At.UnixMilli(), pendingUID: int64(m.UID)})
		}
		skipped, err := insertPOP3(ctx, tx, &s.bulk, account, recs)
		if err != nil {
			return err
		}
		if len(skipped) > 0 {
			kept := ms[:0]
			for i, m := range ms {
				if !skipped[uidls[i]] {
					kept = append(kept, m)
				}
			}
			ms = kept
		}
		if err := c.save(ctx, tx); err != nil {
			return err
		}
		// The UIDs are new: no need to look for stored ones.
		return writeRows(ctx, tx, &s.bulk, c.inbox, c.uidValidity, ms, nil)
	})
}

// stringSet reads a one-column result of strings into a set; what names
// the query in errors.
func stringSet(rows *sql.Rows, what string) (map[string]bool, error) {
	list, err := column[string](rows, what)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(list))
	for _, u := range list {
		out[u] = true
	}
	return out, nil
}

// POP3Pending lists the UIDLs listed by header whose source is not kept
// yet (and whose row the user has not deleted meanwhile).
func (s *Store) POP3Pending(ctx context.Context, account string) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT p.uidl FROM pop3 p
		JOIN folders f ON f.account = p.account
		JOIN messages m ON m.folder_id = f.id AND m.uid = p.pending_uid
		WHERE p.account = ? AND p.pending_uid > 0`, account)
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
		var bodies []BodyText
		for _, src := range srcs {
			var uid uint32
			err := tx.QueryRowContext(ctx, `SELECT pending_uid FROM pop3 WHERE account = ? AND uidl = ?
				AND pending_uid > 0`, account, src.UIDL).Scan(&uid)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("store: pop3 pending: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE pop3 SET pending_uid = 0 WHERE account = ? AND uidl = ?`, account, src.UIDL); err != nil {
				return fmt.Errorf("store: pop3 pending: %w", err)
			}
			var id int64
			err = tx.QueryRowContext(ctx, accountMessageSQL, account, uid).Scan(&id)
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
		return indexBodies(ctx, tx, &s.bulk, bodies)
	})
}

// pop3Rec is a row of the pop3 table: a UIDL, when it was listed, and
// the local UID while its source is pending.
type pop3Rec struct {
	uidl       string
	at         int64
	pendingUID int64
}

// insertPOP3 adds pop3 rows in key order (the b-tree's order, so
// neighbouring inserts share leaves) and returns the UIDLs it skipped
// because they were recorded already. Which ones those were is only looked
// up when the insert says there were some (a rerun after a crash).
func insertPOP3(ctx context.Context, tx *sql.Tx, cache *stmtCache, account string, recs []pop3Rec) (map[string]bool, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	slices.SortFunc(recs, func(a, b pop3Rec) int { return strings.Compare(a.uidl, b.uidl) })
	args := make([]any, 0, 4*len(recs))
	lo, hi := recs[0].pendingUID, recs[0].pendingUID
	for _, r := range recs {
		args = append(args, account, r.uidl, r.at, r.pendingUID)
		lo, hi = min(lo, r.pendingUID), max(hi, r.pendingUID)
	}
	n, err := insertRowsVerb(ctx, tx, cache, "INSERT OR IGNORE", "pop3", []string{"account", "uidl", "downloaded", "pending_uid"}, args)
	if err != nil {
		return nil, fmt.Errorf("store: pop3: %w", err)
	}
	if n == int64(len(recs)) {
		return nil, nil
	}
	// The batch's local UIDs are new, so the rows holding them are the
	// ones just added.
	rows, err := tx.QueryContext(ctx, `SELECT uidl FROM pop3 WHERE account = ? AND pending_uid BETWEEN ? AND ?`, account, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store: pop3: %w", err)
	}
	added, err := stringSet(rows, "pop3")
	if err != nil {
		return nil, err
	}
	skipped := map[string]bool{}
	for _, r := range recs {
		if !added[r.uidl] {
			skipped[r.uidl] = true
		}
	}
	return skipped, nil
}

// LocalMessage is a whole message for a local folder: its header row, its
// source and its body text for the index.
type LocalMessage struct {
	Message
	Raw  []byte
	Text string
}

// AddLocalMessages stores messages in folder, one of a POP3 account's
// local folders (created when missing, as an import names it), in one
// transaction: all of them or, on failure, none.
func (s *Store) AddLocalMessages(ctx context.Context, acct, folder string, ms []LocalMessage) error {
	defer s.idle.kick(s)
	return s.tx(ctx, func(tx *sql.Tx) error {
		c, err := pop3UIDs(ctx, tx, acct)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO folders (account, name, uidvalidity) VALUES (?, ?, ?)
			ON CONFLICT (account, name) DO NOTHING`, acct, folder, c.uidValidity); err != nil {
			return fmt.Errorf("store: local folder: %w", err)
		}
		rows := make([]Message, len(ms))
		for i := range ms {
			rows[i] = ms[i].Message
			rows[i].UID = c.take()
		}
		if err := c.save(ctx, tx); err != nil {
			return err
		}
		if err := upsert(ctx, tx, &s.bulk, acct, folder, c.uidValidity, rows); err != nil {
			return err
		}
		// The new rows' ids in one query, their sources in one statement
		// per chunk: a statement per message was most of an import's time.
		fid, err := folderID(ctx, tx, acct, folder)
		if err != nil {
			return err
		}
		ids := make(map[uint32]int64, len(ms))
		rs, err := tx.QueryContext(ctx, `SELECT uid, id FROM messages WHERE folder_id = ? AND uid BETWEEN ? AND ?`,
			fid, rows[0].UID, rows[len(rows)-1].UID)
		if err != nil {
			return fmt.Errorf("store: local message: %w", err)
		}
		for rs.Next() {
			var uid uint32
			var id int64
			if err := rs.Scan(&uid, &id); err != nil {
				rs.Close()
				return fmt.Errorf("store: local message: %w", err)
			}
			ids[uid] = id
		}
		rs.Close()
		if err := rs.Err(); err != nil {
			return fmt.Errorf("store: local message: %w", err)
		}
		texts := make([]BodyText, 0, len(ms))
		const chunk = 100
		for start := 0; start < len(ms); start += chunk {
			end := min(start+chunk, len(ms))
			args := make([]any, 0, 2*(end-start))
			var size int64
			for i := start; i < end; i++ {
				id, ok := ids[rows[i].UID]
				if !ok {
					return fmt.Errorf("store: local message %d: %w", rows[i].UID, ErrNotFound)
				}
				raw := ms[i].Raw
				if raw == nil {
					raw = []byte{}
				}
				args = append(args, id, raw)
				size += int64(len(raw))
				if ms[i].Text != "" {
					texts = append(texts, BodyText{ID: id, Text: ms[i].Text})
				}
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sources (message_id, raw) `+valuesList(2, end-start), args...); err != nil {
				return fmt.Errorf("store: local source: %w", account.DiskFull(err, s.dir, size))
			}
		}
		return indexBodies(ctx, tx, &s.bulk, texts)
	})
}

// FolderMessageIDs lists the Message-IDs in an account's folder.
func (s *Store) FolderMessageIDs(ctx context.Context, account, folder string) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT message_id FROM messages WHERE folder_id =
		(SELECT id FROM folders WHERE account = ? AND name = ?) AND message_id != ''`, account, folder)
	if err != nil {
		return nil, fmt.Errorf("store: message ids: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("store: message ids: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// FolderSources hands the source of each message kept whole in an
// account's folder to fn, in UID order; missing counts the messages whose
// source the store does not have (header-only rows).
func (s *Store) FolderSources(ctx context.Context, account, folder string, fn func(raw []byte, date time.Time) error) (missing int, err error) {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.date, s.raw IS NULL FROM messages m
		JOIN folders f ON f.id = m.folder_id LEFT JOIN sources s ON s.message_id = m.id
		WHERE f.account = ? AND f.name = ? ORDER BY m.uid`, account, folder)
	if err != nil {
		return 0, fmt.Errorf("store: folder sources: %w", err)
	}
	type row struct {
		id   int64
		date int64
	}
	var have []row
	for rows.Next() {
		var r row
		var none bool
		if err := rows.Scan(&r.id, &r.date, &none); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: folder sources: %w", err)
		}
		if none {
			missing++
			continue
		}
		have = append(have, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: folder sources: %w", err)
	}
	// One source at a time: a folder's sources need not fit in memory.
	for _, r := range have {
		raw, err := s.Source(ctx, r.id)
		if err != nil {
			return missing, err
		}
		if err := fn(raw, time.Unix(r.date, 0)); err != nil {
			return missing, err
		}
	}
	return missing, nil
}
