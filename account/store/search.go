package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// SearchOptions pages a search; Limit defaults to 50.
type SearchOptions struct {
	Limit int
	After *Cursor
	// Accounts limits the search to these accounts (nil: every account
	// in the store, a removed one's mail kept for its return included).
	Accounts []string
}

// Search runs a search line (see ParseQuery) across every folder and
// account, newest first. Dates are read in the local time zone.
func (s *Store) Search(ctx context.Context, line string, o SearchOptions) (Page, error) {
	q, err := ParseQuery(line, time.Local)
	if err != nil {
		return Page{}, err
	}
	return s.SearchQuery(ctx, q, o)
}

// SearchQuery runs a parsed query.
func (s *Store) SearchQuery(ctx context.Context, q Query, o SearchOptions) (Page, error) {
	var w where
	if expr := q.match(); expr != "" {
		// The expression is a bound value, never part of the SQL text.
		cond, err := s.matchPlan(ctx, expr)
		if err != nil {
			return Page{}, err
		}
		w.add(cond, expr)
	}
	w = searchWhere(w, q, o)
	return s.page(ctx, true, msgFrom, w, "m.date DESC, m.id DESC", o.Limit)
}

// searchWhere adds q's conditions other than its text to w.
func searchWhere(w where, q Query, o SearchOptions) where {
	w.filter(Filter{Unread: q.Unread, Flagged: q.Flagged, HasAttachment: q.HasAttachment})
	if q.Read {
		w.add("m.flags & 1 != 0")
	}
	if q.Folder != "" {
		w.add("(f.name = ? COLLATE NOCASE OR f.role = lower(?))", q.Folder, q.Folder)
	}
	if q.Account != "" {
		w.add("f.account = ? COLLATE NOCASE", q.Account)
	}
	if o.Accounts != nil {
		if len(o.Accounts) == 0 {
			w.add("0")
		} else {
			args := make([]any, len(o.Accounts))
			for i, a := range o.Accounts {
				args[i] = a
			}
			w.add("f.account IN (?"+strings.Repeat(", ?", len(o.Accounts)-1)+")", args...)
		}
	}
	if !q.After.IsZero() {
		w.add("m.date >= ?", q.After.Unix())
	}
	if !q.Before.IsZero() {
		w.add("m.date < ?", q.Before.Unix())
	}
	if c := o.After; c != nil {
		w.add("(m.date, m.id) < (?, ?)", c.Date, c.ID)
	}
	// The date index holds caught-up rows (the search catches up before
	// it queries); SQLite uses it only when told so.
	w.add("m.thread_id > 0")
	return w
}

// match renders the text parts of q as an FTS5 expression. Every user
// string becomes an FTS5 string literal (quotes doubled), so operators,
// column names and parentheses typed by the user are only ever words.
func (q Query) match() string {
	var parts []string
	add := func(cols string, ts []Term) {
		for _, t := range ts {
			lit := ftsString(t.Text)
			if !t.Phrase {
				lit += " *"
			}
			if cols != "" {
				lit = cols + " : " + lit
			}
			parts = append(parts, lit)
		}
	}
	add("", q.Text)
	add("sender", q.From)
	add("{recipients cc}", q.To)
	add("subject", q.Subject)
	return strings.Join(parts, " AND ")
}

func ftsString(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// manyMatches is where walking the date index beats sorting the matches.
const manyMatches = 2000

// matchPlan picks how to join the full-text matches. Few matches: fetch
// them by id and sort (cheap). Many: walk the messages newest first and
// stop at the page's end; the unary + keeps SQLite from choosing the id
// lookup, which would fetch and sort every match (50-100 ms at 100k).
func (s *Store) matchPlan(ctx context.Context, expr string) (string, error) {
	if err := s.caughtUp(ctx); err != nil {
		return "", err
	}
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT rowid FROM message_fts
		WHERE message_fts MATCH ? LIMIT ?)`, expr, manyMatches).Scan(&n)
	if err != nil {
		return "", fmt.Errorf("store: search: %w", err)
	}
	if n < manyMatches {
		return "m.id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)", nil
	}
	return "+m.id IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)", nil
}
