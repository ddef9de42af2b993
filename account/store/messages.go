package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// UpsertMessages stores a batch of a folder's headers in one transaction.
// New UIDs are inserted, to be threaded and indexed by CatchUp (reads that
// need either run it first); known UIDs get their flags and modseq
// updated, since a UID's envelope never changes. The folder must exist;
// uidValidity must match the folder's (a folder without one takes it).
func (s *Store) UpsertMessages(ctx context.Context, account, folder string, uidValidity uint32, ms []Message) error {
	err := s.tx(ctx, func(tx *sql.Tx) error { return upsert(ctx, tx, &s.bulk, account, folder, uidValidity, ms) })
	if err == nil {
		s.idle.kick(s)
	}
	return err
}

func upsert(ctx context.Context, tx *sql.Tx, cache *stmtCache, account, folder string, uidValidity uint32, ms []Message) error {
	fid, err := folderID(ctx, tx, account, folder)
	if err != nil {
		return err
	}
	if err := checkUIDValidity(ctx, tx, fid, uidValidity); err != nil {
		return err
	}
	known, err := knownUIDs(ctx, tx, fid, ms)
	if err != nil {
		return err
	}
	return writeRows(ctx, tx, cache, fid, uidValidity, ms, known)
}

// writeRows updates the flags of the known UIDs (uid → stored flag bits)
// and inserts the others.
func writeRows(ctx context.Context, tx *sql.Tx, cache *stmtCache, fid int64, uidValidity uint32, ms []Message, known map[uint32]int64) error {
	// The folder's counts move by what this batch changes: counting the
	// whole folder after every batch would make a long sync quadratic.
	var dTotal, dUnread int64
	var upd *sql.Stmt // prepared at the first known UID (a first sync has none)
	defer func() {
		if upd != nil {
			upd.Close()
		}
	}()
	// New rows are inserted together after the loop; at maps a new UID to
	// its values, so a UID twice in one batch updates them.
	rows := make([]any, 0, len(ms)*len(messageCols))
	at := make(map[uint32]int, len(ms))
	// In UID order: a header sync sends a batch newest first, and SQLite
	// inserts about 7% faster going up its UID and date indexes than down.
	order := make([]int, len(ms))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ms[a].UID, ms[b].UID) })
	for _, i := range order {
		m := &ms[i]
		bits, kw := m.Flags.bits(), strings.Join(m.Flags.Keywords, "\n")
		if j, ok := at[m.UID]; ok {
			dUnread += unreadOf(bits) - unreadOf(rows[j+rowFlags].(int64))
			rows[j+rowModSeq], rows[j+rowFlags], rows[j+rowKeywords] = int64(m.ModSeq), bits, kw
			continue
		}
		if old, ok := known[m.UID]; ok {
			dUnread += unreadOf(bits) - unreadOf(old)
			known[m.UID] = bits
			if upd == nil {
				var err error
				if upd, err = tx.PrepareContext(ctx, `UPDATE messages SET flags = ?, keywords = ?, modseq = ?
					WHERE folder_id = ? AND uid = ?`); err != nil {
					return fmt.Errorf("store: upsert: %w", err)
				}
			}
			if _, err := upd.ExecContext(ctx, bits, kw, int64(m.ModSeq), fid, m.UID); err != nil {
				return fmt.Errorf("store: update uid %d: %w", m.UID, err)
			}
			continue
		}
		at[m.UID] = len(rows)
		rows = append(rows, fid, m.UID, uidValidity, int64(m.ModSeq), bits, kw, m.Date.Unix(),
			clean(m.From.Name), clean(m.From.Addr), senderKey(m.From), encodeAddrs(m.To), encodeAddrs(m.Cc),
			m.Subject, trimID(m.MessageID), trimID(m.InReplyTo), strings.Join(m.References, " "), m.Size,
			m.HasAttachment, m.Snippet, pendingThread)
		dTotal++
		dUnread += unreadOf(bits)
	}
	if err := insertRows(ctx, tx, cache, "messages", messageCols, rows); err != nil {
		return fmt.Errorf("store: insert headers: %w", err)
	}
	return bumpCounts(ctx, tx, fid, dTotal, dUnread)
}

// messageCols are the columns a new row's values fill, in order.
var messageCols = []string{"folder_id", "uid", "uidvalidity", "modseq", "flags", "keywords", "date", "from_name",
	"from_addr", "sender", "to_list", "cc_list", "subject", "message_id", "in_reply_to", "refs", "size",
	"has_attachment", "snippet", "thread_id"}

// A new row's values in upsert, in column order.
const (
	rowModSeq   = 3
	rowFlags    = 4
	rowKeywords = 5
)

func checkUIDValidity(ctx context.Context, tx *sql.Tx, fid int64, v uint32) error {
	var have uint32
	if err := tx.QueryRowContext(ctx, `SELECT uidvalidity FROM folders WHERE id = ?`, fid).Scan(&have); err != nil {
		return fmt.Errorf("store: uidvalidity: %w", err)
	}
	switch {
	case have == v:
		return nil
	case have == 0:
		_, err := tx.ExecContext(ctx, `UPDATE folders SET uidvalidity = ? WHERE id = ?`, v, fid)
		if err != nil {
			return fmt.Errorf("store: uidvalidity: %w", err)
		}
		return nil
	default:
		return fmt.Errorf("store: folder has %d, batch has %d: %w", have, v, ErrUIDValidity)
	}
}

// knownUIDs finds which of the batch's UIDs are stored already, in one
// query (a JSON array is the one way to bind a list).
func knownUIDs(ctx context.Context, tx *sql.Tx, fid int64, ms []Message) (map[uint32]int64, error) {
	if len(ms) == 0 {
		return nil, nil
	}
	uids := make([]uint32, len(ms))
	lo, hi := ms[0].UID, ms[0].UID
	for i, m := range ms {
		uids[i] = m.UID
		lo, hi = min(lo, m.UID), max(hi, m.UID)
	}
	// A first sync's batches (newest first) and the new mail of a resync
	// lie wholly below or above what the folder holds: two index probes
	// then show that none is known, without looking each one up.
	var first, last sql.NullInt64 // each a single min or max: one index probe
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT min(uid) FROM messages WHERE folder_id = ?1),
		(SELECT max(uid) FROM messages WHERE folder_id = ?1)`, fid).Scan(&first, &last); err != nil {
		return nil, fmt.Errorf("store: known uids: %w", err)
	}
	if !first.Valid || int64(hi) < first.Int64 || int64(lo) > last.Int64 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT uid, flags FROM messages WHERE folder_id = ?
		AND uid IN (SELECT value FROM json_each(?))`, fid, uidsJSON(uids))
	if err != nil {
		return nil, fmt.Errorf("store: known uids: %w", err)
	}
	return keyed[uint32, int64](rows, "known uids") // uid → flag bits
}

func uidsJSON(uids []uint32) string {
	if uids == nil {
		uids = []uint32{}
	}
	b, _ := json.Marshal(uids) // cannot fail for integers
	return string(b)
}

// FlagChange is a message's new complete flag set.
type FlagChange struct {
	UID    uint32
	Flags  Flags
	ModSeq uint64 // 0 keeps the stored one
}

// SetFlags replaces the flags of messages of a folder; unknown UIDs are
// ignored (they were expunged meanwhile).
func (s *Store) SetFlags(ctx context.Context, account, folder string, changes []FlagChange) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		fid, err := folderID(ctx, tx, account, folder)
		if err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `UPDATE messages SET flags = ?, keywords = ?,
			modseq = CASE WHEN ? = 0 THEN modseq ELSE ? END WHERE folder_id = ? AND uid = ?`)
		if err != nil {
			return fmt.Errorf("store: set flags: %w", err)
		}
		defer st.Close()
		for _, c := range changes {
			ms := int64(c.ModSeq)
			if _, err := st.ExecContext(ctx, c.Flags.bits(), strings.Join(c.Flags.Keywords, "\n"), ms, ms, fid, c.UID); err != nil {
				return fmt.Errorf("store: set flags: %w", err)
			}
		}
		return recount(ctx, tx, fid)
	})
}

// DeleteMessages removes messages of a folder by UID (expunged on the
// server, or moved away), with their parts and index entries.
func (s *Store) DeleteMessages(ctx context.Context, account, folder string, uids []uint32) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		fid, err := folderID(ctx, tx, account, folder)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM messages WHERE folder_id = ?
			AND uid IN (SELECT value FROM json_each(?))`, fid, uidsJSON(uids))
		if err != nil {
			return fmt.Errorf("store: delete messages: %w", err)
		}
		return recount(ctx, tx, fid)
	})
}

// MoveLocal moves messages between two folders of an account whose mail
// lives only in the store (POP3): the rows change folder and keep their
// UIDs, sources, parts and index entries. Only for accounts whose UIDs
// are unique across their folders (see POP3Trash); an IMAP account's
// moves go through the server and come back by sync.
func (s *Store) MoveLocal(ctx context.Context, account, from, to string, uids []uint32) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		src, err := folderID(ctx, tx, account, from)
		if err != nil {
			return err
		}
		dst, err := folderID(ctx, tx, account, to)
		if err != nil {
			return err
		}
		if src == dst {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE messages SET folder_id = ? WHERE folder_id = ?
			AND uid IN (SELECT value FROM json_each(?))`, dst, src, uidsJSON(uids))
		if err != nil {
			return fmt.Errorf("store: move messages: %w", err)
		}
		if err := recount(ctx, tx, src); err != nil {
			return err
		}
		return recount(ctx, tx, dst)
	})
}

// LocalUIDs lists the UIDs stored for a folder, ascending.
func (s *Store) LocalUIDs(ctx context.Context, account, folder string) ([]uint32, error) {
	fid, err := folderID(ctx, s.r, account, folder)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT uid FROM messages WHERE folder_id = ? ORDER BY uid`, fid)
	if err != nil {
		return nil, fmt.Errorf("store: local uids: %w", err)
	}
	return column[uint32](rows, "local uids")
}

// MaxBodyText bounds the body text indexed per message.
const MaxBodyText = 1 << 20

// SetBodyText indexes a message's body text (plain text, already decoded)
// for search, and takes a snippet from it when the message has none.
func (s *Store) SetBodyText(ctx context.Context, id int64, text string) error {
	return s.SetBodyTexts(ctx, []BodyText{{ID: id, Text: text}})
}

// BodyText is the decoded text of a message's body.
type BodyText struct {
	ID   int64
	Text string
}

// SetBodyTexts is SetBodyText for a batch, in one transaction. Text beyond
// MaxBodyText is not indexed.
func (s *Store) SetBodyTexts(ctx context.Context, bodies []BodyText) error {
	return s.tx(ctx, func(tx *sql.Tx) error { return indexBodies(ctx, tx, &s.bulk, bodies) })
}

func indexBodies(ctx context.Context, tx *sql.Tx, cache *stmtCache, bodies []BodyText) error {
	// A row must be indexed by header before its body replaces the entry:
	// these rows, if they wait, not every row waiting (a sync's thousands
	// are caught up beside it).
	ids := make([]int64, len(bodies))
	for i, b := range bodies {
		ids[i] = b.ID
	}
	slices.Sort(ids)
	if _, err := catchUpRows(ctx, tx, cache, ids, len(ids)); err != nil {
		return err
	}
	// A chunk at a time, each step one statement: FTS5 writes its pending
	// index at the end of every statement, so a statement per message
	// made an import or a sync's texts spend a third of their time there.
	const chunk = 200
	for len(bodies) > 0 {
		n := min(chunk, len(bodies))
		if err := indexChunk(ctx, tx, bodies[:n]); err != nil {
			return err
		}
		bodies = bodies[n:]
	}
	return nil
}

// indexChunk replaces the index entries of up to a few hundred rows with
// their full text and sets their snippets.
func indexChunk(ctx context.Context, tx *sql.Tx, bodies []BodyText) error {
	ids := make([]any, 0, len(bodies))
	pairs := make([]any, 0, 2*len(bodies))
	snips := make([]any, 0, 2*len(bodies))
	for _, b := range bodies {
		text := truncate(b.Text, MaxBodyText)
		ids = append(ids, b.ID)
		pairs = append(pairs, b.ID, text)
		snips = append(snips, b.ID, snippetOf(text))
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM message_fts WHERE rowid IN (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ")+`)`, ids...); err != nil {
		return fmt.Errorf("store: index body: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO message_fts (rowid, sender, recipients, cc, subject, body)
		SELECT m.id, m.from_name || ' ' || m.from_addr, m.to_list, m.cc_list, m.subject, v.column2
		FROM (`+valuesList(2, len(bodies))+`) v JOIN messages m ON m.id = v.column1`, pairs...)
	if err != nil {
		return fmt.Errorf("store: index body: %w", err)
	}
	if n, _ := res.RowsAffected(); n != int64(len(bodies)) {
		return fmt.Errorf("store: %d of %d messages to index: %w", int64(len(bodies))-n, len(bodies), ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE messages SET snippet = v.column2 FROM (`+valuesList(2, len(bodies))+`) v
		WHERE messages.id = v.column1 AND messages.snippet = ''`, snips...); err != nil {
		return fmt.Errorf("store: snippet: %w", err)
	}
	return nil
}

// snippetOf is the first words of a text, whitespace folded.
func snippetOf(text string) string {
	const n = 200
	var b strings.Builder
	for _, w := range strings.Fields(truncate(text, 4*n)) {
		if b.Len()+len(w)+1 > n {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// unreadOf is 1 for flag bits without \Seen.
func unreadOf(bits int64) int64 {
	if bits&bitSeen == 0 {
		return 1
	}
	return 0
}

func bumpCounts(ctx context.Context, tx *sql.Tx, fid, dTotal, dUnread int64) error {
	if dTotal == 0 && dUnread == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE folders SET total = total + ?, unread = unread + ? WHERE id = ?`, dTotal, dUnread, fid)
	if err != nil {
		return fmt.Errorf("store: counts: %w", err)
	}
	return nil
}
