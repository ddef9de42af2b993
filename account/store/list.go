package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Sort is the order of a message list.
type Sort int

const (
	// ByDate lists newest first.
	ByDate Sort = iota
	// BySender lists senders A to Z, each sender's newest first.
	BySender
)

// Filter narrows a list; the zero Filter lets everything through.
type Filter struct {
	Unread, Flagged, HasAttachment bool
}

// Cursor marks where a page ended; pass it as ListOptions.After to get the
// next page. Keyset paging stays fast at any depth and does not skip or
// repeat rows when new mail arrives meanwhile.
type Cursor struct {
	Sender string
	Date   int64 // Unix seconds
	ID     int64
}

// ListOptions shapes a list query. Limit defaults to 50.
type ListOptions struct {
	Sort   Sort
	Filter Filter
	Limit  int
	After  *Cursor
	// Accounts limits the unified inbox to these accounts (nil: every
	// account in the store; a removed account's mail stays in it).
	Accounts []string
}

// Page is one page of a list; Next is nil on the last page.
type Page struct {
	Messages []Message
	Next     *Cursor
}

// List returns a page of one folder's messages.
func (s *Store) List(ctx context.Context, account, folder string, o ListOptions) (Page, error) {
	fid, err := folderID(ctx, s.r, account, folder)
	if err != nil {
		return Page{}, err
	}
	return s.list(ctx, "m.folder_id = ?", []any{fid}, o)
}

// UnifiedInbox returns a page of the messages of every account's inbox.
// Each inbox's page comes from its own index and the pages are merged: one
// query over all inboxes would sort every inbox row.
func (s *Store) UnifiedInbox(ctx context.Context, o ListOptions) (Page, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, account FROM folders WHERE role = ? ORDER BY id`, string(RoleInbox))
	if err != nil {
		return Page{}, fmt.Errorf("store: inboxes: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var acct string
		if err := rows.Scan(&id, &acct); err != nil {
			rows.Close()
			return Page{}, fmt.Errorf("store: inboxes: %w", err)
		}
		if o.Accounts == nil || slices.Contains(o.Accounts, acct) {
			ids = append(ids, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("store: inboxes: %w", err)
	}
	limit := o.Limit
	if limit <= 0 {
		limit = 50
	}
	var all []Message
	each := o
	each.Limit = limit + 1 // one more tells whether a next page exists
	for _, id := range ids {
		p, err := s.list(ctx, "m.folder_id = ?", []any{id}, each)
		if err != nil {
			return Page{}, err
		}
		all = append(all, p.Messages...)
	}
	less := func(a, b Message) int { return cmpCursor(cursorOf(a), cursorOf(b), o.Sort) }
	slices.SortFunc(all, less)
	var p Page
	if len(all) > limit {
		all = all[:limit]
		c := cursorOf(all[limit-1])
		p.Next = &c
	}
	p.Messages = all
	return p, nil
}

func cursorOf(m Message) Cursor {
	return Cursor{Sender: senderKey(m.From), Date: m.Date.Unix(), ID: m.ID}
}

// cmpCursor orders rows as the list queries do.
func cmpCursor(a, b Cursor, s Sort) int {
	if s == BySender {
		if c := strings.Compare(a.Sender, b.Sender); c != 0 {
			return c
		}
	}
	if c := cmp.Compare(b.Date, a.Date); c != 0 {
		return c
	}
	return cmp.Compare(b.ID, a.ID)
}

// list reads a page of rows. The newest-first order reads the rows as
// they are (a row not threaded yet has ThreadID 0), so a window showing
// mail while a sync runs does not make the sync wait for threading and
// indexing; the sender order's index holds caught-up rows, so it catches
// up first.
func (s *Store) list(ctx context.Context, scope string, args []any, o ListOptions) (Page, error) {
	w, order := listWhere(scope, args, o)
	return s.page(ctx, o.Sort == BySender, msgFrom, w, order, o.Limit)
}

// msgFrom is the FROM clause of the message queries (m and f).
const msgFrom = "FROM messages m JOIN folders f ON f.id = m.folder_id"

// listWhere is a list query's conditions and order.
func listWhere(scope string, args []any, o ListOptions) (where, string) {
	var w where
	w.add(scope, args...)
	w.filter(o.Filter)
	order := "m.date DESC, m.id DESC"
	if o.Sort == BySender {
		order = "m.sender, m.date DESC, m.id DESC"
		// The sender index holds caught-up rows (list catches up before
		// it queries); SQLite uses it only when told so.
		w.add("m.thread_id > 0")
	}
	if c := o.After; c != nil {
		if o.Sort == BySender {
			w.add("(m.sender > ? OR (m.sender = ? AND (m.date, m.id) < (?, ?)))", c.Sender, c.Sender, c.Date, c.ID)
		} else {
			w.add("(m.date, m.id) < (?, ?)", c.Date, c.ID)
		}
	}
	return w, order
}

// page runs a message query (after catching up, when asked) and builds
// the cursor of its last row.
func (s *Store) page(ctx context.Context, catchUp bool, from string, w where, order string, limit int) (Page, error) {
	if limit <= 0 {
		limit = 50
	}
	if catchUp {
		if err := s.caughtUp(ctx); err != nil {
			return Page{}, err
		}
	}
	q := pageSQL(from, w, order)
	ms, err := s.messages(ctx, q, append(w.args, limit+1)...)
	if err != nil {
		return Page{}, err
	}
	var p Page
	if len(ms) > limit {
		ms = ms[:limit]
		c := cursorOf(ms[limit-1])
		p.Next = &c
	}
	p.Messages = ms
	return p, nil
}

// pageSQL is a page query; its arguments are w's, then the limit.
func pageSQL(from string, w where, order string) string {
	return "SELECT " + msgCols + " " + from + w.sql() + " ORDER BY " + order + " LIMIT ?"
}

// messages runs a message query as it is: callers needing thread ids or
// the partial indexes catch up first.
func (s *Store) messages(ctx context.Context, q string, args ...any) ([]Message, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, fmt.Errorf("store: query: %w", err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: query: %w", err)
	}
	return out, nil
}

// where collects AND-ed conditions; every value is a bound argument.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// filter spells the conditions exactly as the partial indexes do, so the
// planner can use them.
func (w *where) filter(f Filter) {
	if f.Unread {
		w.add("m.flags & 1 = 0")
	}
	if f.Flagged {
		w.add("m.flags & 4 != 0")
	}
	if f.HasAttachment {
		w.add("m.has_attachment = 1")
	}
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// Part describes one MIME part of a message; its content is cached apart.
type Part struct {
	ID          string // IMAP section ("1", "2.1"; "TEXT" for the body text)
	ContentType string
	Filename    string
	Size        int64
	Cached      bool // content available through GetPart
}

// MessageDetail is one message with its parts.
type MessageDetail struct {
	Message
	Parts []Part
}

// Message returns one message by id with its known parts.
func (s *Store) Message(ctx context.Context, id int64) (MessageDetail, error) {
	if err := s.caughtUp(ctx); err != nil {
		return MessageDetail{}, err
	}
	m, err := scanMessage(s.r.QueryRowContext(ctx, "SELECT "+msgCols+
		" FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return MessageDetail{}, fmt.Errorf("store: message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return MessageDetail{}, fmt.Errorf("store: message: %w", err)
	}
	d := MessageDetail{Message: m}
	rows, err := s.r.QueryContext(ctx, `SELECT part, content_type, filename, size, data IS NOT NULL
		FROM parts WHERE message_id = ? ORDER BY part`, id)
	if err != nil {
		return d, fmt.Errorf("store: parts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p Part
		if err := rows.Scan(&p.ID, &p.ContentType, &p.Filename, &p.Size, &p.Cached); err != nil {
			return d, fmt.Errorf("store: parts: %w", err)
		}
		d.Parts = append(d.Parts, p)
	}
	return d, rows.Err()
}

// MessageByUID finds a folder's message by UID.
func (s *Store) MessageByUID(ctx context.Context, account, folder string, uid uint32) (Message, error) {
	fid, err := folderID(ctx, s.r, account, folder)
	if err != nil {
		return Message{}, err
	}
	if err := s.caughtUp(ctx); err != nil {
		return Message{}, err
	}
	m, err := scanMessage(s.r.QueryRowContext(ctx, "SELECT "+msgCols+
		" FROM messages m JOIN folders f ON f.id = m.folder_id WHERE m.folder_id = ? AND m.uid = ?", fid, uid))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, fmt.Errorf("store: uid %d: %w", uid, ErrNotFound)
	}
	if err != nil {
		return Message{}, fmt.Errorf("store: message: %w", err)
	}
	return m, nil
}
