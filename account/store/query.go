package store

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed search. Text terms must all match (AND); so must every
// field term and every filter.
type Query struct {
	Text    []Term // anywhere: sender, recipients, subject, body
	From    []Term
	To      []Term // To or Cc
	Subject []Term
	Folder  string // folder name or role, any case
	Account string

	Unread, Read, Flagged, HasAttachment bool
	// After and Before bound the date: After is inclusive (the start of
	// its day), Before exclusive. Zero means unbounded.
	After, Before time.Time
}

// Term is a word or a quoted phrase typed by the user. Words match as
// prefixes ("inv" finds "invoice"); phrases match as written.
type Term struct {
	Text   string
	Phrase bool
}

// maxQuery bounds the work a pasted novel can cause.
const maxQuery = 1024

// ParseQuery reads a search line:
//
//	from:alice to:bob subject:"lunch plans" is:unread is:read is:flagged
//	has:attachment folder:Archive account:work before:2024-05-01
//	after:2024-01-31 "exact phrase" free words
//
// Dates are days in loc. An unknown key:value is searched as plain text.
// Errors wrap ErrBadQuery.
func ParseQuery(s string, loc *time.Location) (Query, error) {
	var q Query
	s = truncate(s, maxQuery)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	p := lexer{s: s}
	for {
		key, val, quoted, ok := p.next()
		if !ok {
			return q, nil
		}
		t := Term{Text: val, Phrase: quoted}
		if err := q.add(key, t, loc); err != nil {
			return Query{}, err
		}
	}
}

func (q *Query) add(key string, t Term, loc *time.Location) error {
	if key != "" && t.Text == "" {
		return nil // "from:" alone: the user is still typing
	}
	switch strings.ToLower(key) {
	case "":
		q.Text = appendTerm(q.Text, t)
	case "from":
		q.From = appendTerm(q.From, t)
	case "to":
		q.To = appendTerm(q.To, t)
	case "subject":
		q.Subject = appendTerm(q.Subject, t)
	case "folder", "in":
		q.Folder = t.Text
	case "account":
		q.Account = t.Text
	case "is":
		switch strings.ToLower(t.Text) {
		case "unread":
			q.Unread = true
		case "read":
			q.Read = true
		case "flagged", "starred":
			q.Flagged = true
		default:
			return fmt.Errorf("%w: is:%s", ErrBadQuery, t.Text)
		}
	case "has":
		if !strings.EqualFold(t.Text, "attachment") {
			return fmt.Errorf("%w: has:%s", ErrBadQuery, t.Text)
		}
		q.HasAttachment = true
	case "before", "after":
		d, err := time.ParseInLocation("2006-01-02", t.Text, loc)
		if err != nil {
			return fmt.Errorf("%w: %s:%s is not a date like 2024-12-31", ErrBadQuery, key, t.Text)
		}
		if strings.EqualFold(key, "before") {
			q.Before = d
		} else {
			q.After = d
		}
	default:
		q.Text = appendTerm(q.Text, Term{Text: key + ":" + t.Text, Phrase: t.Phrase})
	}
	return nil
}

// appendTerm drops terms with nothing searchable in them (punctuation
// only): the index has no words for them.
func appendTerm(ts []Term, t Term) []Term {
	if strings.IndexFunc(t.Text, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) < 0 {
		return ts
	}
	return append(ts, t)
}

// IsEmpty says whether the query matches everything.
func (q Query) IsEmpty() bool {
	return len(q.Text)+len(q.From)+len(q.To)+len(q.Subject) == 0 && q.Folder == "" && q.Account == "" &&
		!q.Unread && !q.Read && !q.Flagged && !q.HasAttachment && q.After.IsZero() && q.Before.IsZero()
}

// lexer splits a search line into key:value pairs and bare terms.
type lexer struct {
	s string
	i int
}

var knownKeys = map[string]bool{"from": true, "to": true, "subject": true, "folder": true, "in": true,
	"account": true, "is": true, "has": true, "before": true, "after": true}

func (l *lexer) next() (key, val string, quoted, ok bool) {
	for l.i < len(l.s) {
		r, n := utf8.DecodeRuneInString(l.s[l.i:])
		if !unicode.IsSpace(r) {
			break
		}
		l.i += n
	}
	if l.i >= len(l.s) {
		return "", "", false, false
	}
	if l.s[l.i] == '"' {
		return "", l.quoted(), true, true
	}
	word := l.word()
	if k, v, found := strings.Cut(word, ":"); found && knownKeys[strings.ToLower(k)] {
		if v == "" && l.i < len(l.s) && l.s[l.i] == '"' {
			return k, l.quoted(), true, true
		}
		return k, v, false, true
	}
	return "", word, false, true
}

// word reads up to a space or a quote.
func (l *lexer) word() string {
	start := l.i
	for l.i < len(l.s) {
		r, n := utf8.DecodeRuneInString(l.s[l.i:])
		if unicode.IsSpace(r) || r == '"' {
			break
		}
		l.i += n
	}
	return l.s[start:l.i]
}

// quoted reads a "phrase"; a missing closing quote ends it at the end.
func (l *lexer) quoted() string {
	l.i++ // opening quote
	start := l.i
	end := strings.IndexByte(l.s[l.i:], '"')
	if end < 0 {
		l.i = len(l.s)
		return l.s[start:]
	}
	l.i += end + 1
	return l.s[start : start+end]
}
