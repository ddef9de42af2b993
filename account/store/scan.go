package store

import (
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// column reads a one-column result, closing rows; what names the query in
// errors.
func column[T any](rows *sql.Rows, what string) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}

// msgCols is the column list scanMessage reads; queries alias messages m
// and folders f.
const msgCols = `m.id, f.account, f.name, m.thread_id, m.uid, m.modseq, m.flags, m.keywords, m.date,
	m.from_name, m.from_addr, m.to_list, m.cc_list, m.subject, m.message_id, m.in_reply_to, m.refs,
	m.size, m.has_attachment, m.snippet`

func scanMessage(sc interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var modseq, flags, date int64
	var keywords, to, cc, refs string
	err := sc.Scan(&m.ID, &m.Account, &m.Folder, &m.ThreadID, &m.UID, &modseq, &flags, &keywords, &date,
		&m.From.Name, &m.From.Addr, &to, &cc, &m.Subject, &m.MessageID, &m.InReplyTo, &refs,
		&m.Size, &m.HasAttachment, &m.Snippet)
	if err != nil {
		return m, err
	}
	m.ModSeq = uint64(modseq)
	m.Flags = flagsFrom(flags, keywords)
	m.Date = time.Unix(date, 0)
	m.To, m.Cc = decodeAddrs(to), decodeAddrs(cc)
	if refs != "" {
		m.References = strings.Fields(refs)
	}
	return m, nil
}

// senderKey is the sort key of a message by sender, as stored.
func senderKey(a Address) string {
	s := clean(a.Name)
	if s == "" {
		s = clean(a.Addr)
	}
	return strings.ToLower(s)
}

// keyed reads rows of two columns into a map from the first to the
// second, closing rows; what names them in errors.
func keyed[K comparable, V any](rows *sql.Rows, what string) (map[K]V, error) {
	defer rows.Close()
	out := map[K]V{}
	for rows.Next() {
		var k K
		var v V
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("store: %s: %w", what, err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return out, nil
}
