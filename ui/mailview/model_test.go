package mailview

import (
	"errors"
	"testing"
	"time"

	"wren/account/imapsync"
	"wren/account/store"
)

func TestModelDropsStaleResults(t *testing.T) {
	var m Model
	r1 := m.Navigate(Source{Kind: SourceFolder, Account: "a", Folder: "INBOX"})
	r2 := m.Navigate(Source{Kind: SourceFolder, Account: "a", Folder: "Sent"})
	if r1.Gen == r2.Gen {
		t.Fatal("navigation kept the generation")
	}
	if m.Apply(ListSnapshot{Gen: r1.Gen, Rows: []store.Message{{ID: 1}}}) {
		t.Error("a stale snapshot was applied")
	}
	if len(m.Rows()) != 0 {
		t.Errorf("rows = %v after a stale snapshot", m.Rows())
	}
	next := &store.Cursor{ID: 2}
	if !m.Apply(ListSnapshot{Gen: r2.Gen, Rows: []store.Message{{ID: 2}}, Next: next}) {
		t.Fatal("the current snapshot was dropped")
	}
	more, ok := m.More()
	if !ok || more.After != next || !more.Append || more.Gen != r2.Gen {
		t.Fatalf("More = %+v, %v", more, ok)
	}
	if _, again := m.More(); again {
		t.Error("a second page request while one is loading")
	}
	old := m.Rows()
	m.Apply(ListSnapshot{Gen: more.Gen, Append: true, Rows: []store.Message{{ID: 3}}})
	if len(m.Rows()) != 2 || len(old) != 1 || m.HasMore() {
		t.Errorf("after the last page: rows %v (old %v), more %v", m.Rows(), old, m.HasMore())
	}
}

func TestModelSearchReturnsToFolder(t *testing.T) {
	var m Model
	inbox := Source{Kind: SourceFolder, Account: "a", Folder: "INBOX"}
	m.Navigate(inbox)
	m.Navigate(Source{Kind: SourceSearch, Query: "x"})
	m.Navigate(Source{Kind: SourceSearch, Query: "xy"}) // a refined search keeps the way back
	r, ok := m.EndSearch()
	if !ok || r.Source != inbox || m.Source() != inbox {
		t.Errorf("EndSearch = %+v, %v; source %+v", r, ok, m.Source())
	}
	if _, ok := m.EndSearch(); ok {
		t.Error("EndSearch without a search")
	}
}

func TestModelErrorKeepsNoRows(t *testing.T) {
	var m Model
	r := m.Navigate(Source{})
	boom := errors.New("disk")
	m.Apply(ListSnapshot{Gen: r.Gen, Err: boom})
	if !errors.Is(m.Err(), boom) || len(m.Rows()) != 0 {
		t.Errorf("err %v rows %v", m.Err(), m.Rows())
	}
	if _, ok := m.More(); ok {
		t.Error("More after a failure")
	}
}

func TestSearchLineAddsFilters(t *testing.T) {
	got := searchLine("from:bob", store.Filter{Unread: true, HasAttachment: true})
	if got != "from:bob is:unread has:attachment" {
		t.Errorf("searchLine = %q", got)
	}
}

func TestWords(t *testing.T) {
	now := time.Date(2024, 6, 10, 15, 0, 0, 0, time.Local)
	for _, c := range []struct{ in, want string }{
		{addressWords(store.Address{Name: "Ann", Addr: "ann@x.org"}), "Ann <ann@x.org>"},
		{addressWords(store.Address{Addr: "ann@x.org"}), "ann@x.org"},
		{senderWords(store.Address{Addr: "ann@x.org"}), "ann@x.org"},
		{subjectWords("  "), "(no subject)"},
		// A right-to-left override is shown, not obeyed (issue #17).
		{senderWords(store.Address{Name: "Bank \u202eKO\u202c", Addr: "x@evil.test"}), "Bank ⟨U+202E⟩KO⟨U+202C⟩"},
		{subjectWords("invoice\u202efdp.exe"), "invoice⟨U+202E⟩fdp.exe"},
		{addressWords(store.Address{Name: "\u2066Ann\u2069", Addr: "ann@x.org"}), "⟨U+2066⟩Ann⟨U+2069⟩ <ann@x.org>"},
		{listDate(now.Add(-time.Hour), now), "14:00"},
		{listDate(time.Date(2024, 2, 3, 9, 0, 0, 0, time.Local), now), "Feb 3"},
		{listDate(time.Date(2023, 2, 3, 9, 0, 0, 0, time.Local), now), "2023-02-03"},
		{statusWords("w", imapsync.Status{State: imapsync.StateOffline, Retry: now.Add(time.Minute)}, now), "w: offline, trying again at 15:01"},
		{statusWords("w", imapsync.Status{State: imapsync.StateSyncing, Progress: imapsync.Progress{
			Folder: "INBOX", Done: 50, Total: 100, Started: time.Now().Add(-10 * time.Minute)}}, now),
			"w: syncing INBOX, 50 of 100, about 10 minutes left"},
		{etaWords(90 * time.Minute), "1 h 30 min"},
	} {
		if c.in != c.want {
			t.Errorf("got %q, want %q", c.in, c.want)
		}
	}
}

// A reload keeps the rows shown until the new ones arrive (no blinking
// while a sync refreshes the list), asks for as many as are shown, and
// drops results of the query it replaced.
func TestModelReloadKeepsRowsUntilReplaced(t *testing.T) {
	var m Model
	r := m.Navigate(Source{Kind: SourceFolder, Account: "a", Folder: "INBOX"})
	rows := make([]store.Message, PageSize+10)
	for i := range rows {
		rows[i].ID = int64(i + 1)
	}
	m.Apply(ListSnapshot{Gen: r.Gen, Rows: rows})
	re := m.Reload()
	if re.Gen == r.Gen || re.Limit != len(rows) || re.Append {
		t.Fatalf("reload request %+v", re)
	}
	if len(m.Rows()) != len(rows) {
		t.Fatalf("%d rows shown while reloading, want the %d shown before", len(m.Rows()), len(rows))
	}
	if _, ok := m.More(); ok {
		t.Error("a next page while the reload runs")
	}
	if m.Apply(ListSnapshot{Gen: r.Gen, Rows: rows[:1]}) {
		t.Error("the replaced query's result was applied")
	}
	if !m.Apply(ListSnapshot{Gen: re.Gen, Rows: []store.Message{{ID: 99}}}) || len(m.Rows()) != 1 || m.Rows()[0].ID != 99 {
		t.Fatalf("after the reload: %v", m.Rows())
	}
}
