// Package mailview is Wren's main window content: folders on the left, the
// message list in the middle, the message on the right, a search field on
// top and one status line per account at the bottom. It reads only from the
// local store; every query runs in a goroutine and reaches the widgets
// through fyne.Do as one snapshot.
package mailview

import (
	"wren/account/store"
)

// PageSize is how many rows one list query loads.
const PageSize = 100

// SourceKind is what the message list shows.
type SourceKind int

const (
	SourceUnified SourceKind = iota // every account's inbox
	SourceFolder                    // one folder of one account
	SourceSearch                    // a search over the local index
)

// Source names the list's content.
type Source struct {
	Kind            SourceKind
	Account, Folder string
	Query           string // SourceSearch only
}

// Request is one list query the model wants run.
type Request struct {
	Gen    uint64
	Source Source
	Sort   store.Sort
	Filter store.Filter
	Limit  int
	After  *store.Cursor
	Append bool // a further page of the current list
	// Accounts are the accounts shown (the unified inbox leaves out mail
	// of removed ones).
	Accounts []string
}

// ListSnapshot is a finished list query.
type ListSnapshot struct {
	Gen    uint64
	Append bool
	Rows   []store.Message
	Next   *store.Cursor
	Err    error
}

// Model is the main window's state without any Fyne type. It is owned by
// the UI goroutine: only callbacks and fyne.Do functions touch it. The
// generation counter changes on every navigation so that results of
// queries started before it are dropped.
type Model struct {
	src    Source
	back   Source // where clearing a search returns to
	sort   store.Sort
	filter store.Filter
	gen    uint64

	rows    []store.Message // replaced or appended to, never changed in place
	next    *store.Cursor
	loading bool
	err     error
}

// Source is what the list shows now.
func (m *Model) Source() Source { return m.src }

// Gen is the current generation.
func (m *Model) Gen() uint64 { return m.gen }

// Rows is the current snapshot; callers must not change it.
func (m *Model) Rows() []store.Message { return m.rows }

// Err is the failure of the last list query, if any.
func (m *Model) Err() error { return m.err }

// HasMore says whether another page exists.
func (m *Model) HasMore() bool { return m.next != nil }

// Sort and Filter are the list's current order and quick filters.
func (m *Model) Sort() store.Sort     { return m.sort }
func (m *Model) Filter() store.Filter { return m.filter }

// Navigate switches the list to src and returns the first-page query.
func (m *Model) Navigate(src Source) Request {
	if src.Kind == SourceSearch && m.src.Kind != SourceSearch {
		m.back = m.src
	}
	m.src = src
	return m.restart(PageSize)
}

// EndSearch returns to the list shown before the search; ok is false when
// no search is shown.
func (m *Model) EndSearch() (Request, bool) {
	if m.src.Kind != SourceSearch {
		return Request{}, false
	}
	return m.Navigate(m.back), true
}

// SetSort changes the order and returns the first-page query.
func (m *Model) SetSort(s store.Sort) Request {
	m.sort = s
	return m.restart(PageSize)
}

// SetFilter changes the quick filters and returns the first-page query.
func (m *Model) SetFilter(f store.Filter) Request {
	m.filter = f
	return m.restart(PageSize)
}

// Reload queries the current list again from the top, keeping as many rows
// as are shown now (bounded) so that a refresh after a sync does not
// shrink what the user scrolled to. The rows stay shown until the new
// ones arrive: a sync refreshes the list every second while it runs, and
// clearing it each time would make it blink.
func (m *Model) Reload() Request {
	n := min(max(len(m.rows), PageSize), 20*PageSize)
	m.gen++
	m.loading, m.err = true, nil
	return Request{Gen: m.gen, Source: m.src, Sort: m.sort, Filter: m.filter, Limit: n}
}

func (m *Model) restart(limit int) Request {
	m.gen++
	m.rows, m.next, m.loading, m.err = nil, nil, true, nil
	return Request{Gen: m.gen, Source: m.src, Sort: m.sort, Filter: m.filter, Limit: limit}
}

// More returns the next-page query, or false when there is no further
// page or one is already loading.
func (m *Model) More() (Request, bool) {
	if m.next == nil || m.loading {
		return Request{}, false
	}
	m.loading = true
	return Request{Gen: m.gen, Source: m.src, Sort: m.sort, Filter: m.filter, Limit: PageSize,
		After: m.next, Append: true}, true
}

// Apply takes a finished query; it reports false (and changes nothing)
// when the snapshot belongs to an earlier generation.
func (m *Model) Apply(s ListSnapshot) bool {
	if s.Gen != m.gen {
		return false
	}
	m.loading, m.err = false, s.Err
	if s.Err != nil {
		return true
	}
	if s.Append {
		// Rows only ever grow at the end, so a shorter earlier snapshot
		// stays valid, and a deep scroll costs no copy per page.
		m.rows = append(m.rows, s.Rows...)
	} else {
		m.rows = s.Rows
	}
	m.next = s.Next
	return true
}
