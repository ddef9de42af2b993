package store

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// searchFixture: two accounts, several folders, bodies indexed.
func searchFixture(t *testing.T) *Store {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	mustFolder(t, s, "work", "Archive", RoleArchive)
	mustFolder(t, s, "home", "INBOX", RoleInbox)

	inv := msg(1, "Alice Smith", "Invoice for March")
	inv.HasAttachment = true
	inv.From.Addr = "alice@example.com"
	lunch := msg(2, "Bob", "Lunch plans")
	lunch.To = []Address{{Name: "Carol", Addr: "carol@corp.test"}}
	lunch.Flags.Seen = true
	cafe := msg(3, "Zoë", "Café réunion")
	cafe.Cc = []Address{{Name: "Dave", Addr: "dave@corp.test"}}
	cafe.Flags.Flagged = true
	mustUpsert(t, s, "work", "INBOX", inv, lunch, cafe)
	old := msg(4, "Alice Smith", "Old invoice")
	old.Date = time.Date(2023, 6, 1, 12, 0, 0, 0, time.Local)
	old.From.Addr = "alice@example.com"
	mustUpsert(t, s, "work", "Archive", old)
	weird := msg(5, "Mallory", `Quote " and 'single' -- ; DROP TABLE messages; NEAR(a b) OR AND NOT *`)
	mustUpsert(t, s, "home", "INBOX", weird)

	for uid, body := range map[uint32]string{1: "Please pay the attached invoice by Friday.", 2: "Shall we try the new noodle bar?"} {
		m, err := s.MessageByUID(ctx, "work", "INBOX", uid)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SetBodyText(ctx, m.ID, body); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func TestSearch(t *testing.T) {
	s := searchFixture(t)
	ctx := ctxT(t)
	for _, c := range []struct {
		q    string
		want []string // subjects, newest first
	}{
		{"invoice", []string{"Invoice for March", "Old invoice"}},
		{"inv", []string{"Invoice for March", "Old invoice"}}, // words match as prefixes
		{"noodle", []string{"Lunch plans"}},                   // body text
		{"NOODLE bar", []string{"Lunch plans"}},
		{`"noodle bar"`, []string{"Lunch plans"}},
		{`"bar noodle"`, nil},
		{"from:alice", []string{"Invoice for March", "Old invoice"}},
		{"from:alice@example.com", []string{"Invoice for March", "Old invoice"}},
		{`from:"alice smith" subject:march`, []string{"Invoice for March"}},
		{"from:bob invoice", nil},
		{"to:carol", []string{"Lunch plans"}},
		{"to:dave", []string{"Café réunion"}}, // Cc counts as to:
		{"subject:lunch", []string{"Lunch plans"}},
		{"subject:noodle", nil}, // only in the body
		{"cafe reunion", []string{"Café réunion"}},
		{"is:unread folder:inbox account:work", []string{"Café réunion", "Invoice for March"}},
		{"is:read", []string{"Lunch plans"}},
		{"is:flagged", []string{"Café réunion"}},
		{"has:attachment", []string{"Invoice for March"}},
		{"folder:archive", []string{"Old invoice"}},
		{"folder:Archive invoice", []string{"Old invoice"}},
		{"in:INBOX account:home", []string{weirdSubject}},
		{"before:2024-01-01", []string{"Old invoice"}},
		{"after:2024-01-01 invoice", []string{"Invoice for March"}},
		{"after:2023-06-01 before:2023-06-02", []string{"Old invoice"}},
		{"nosuchword", nil},
		{"from:", allSubjects},         // still typing: matches all
		{"", allSubjects},              // empty query
		{"!!! ---", allSubjects},       // nothing searchable
		{"foo:bar", nil},               // unknown key is text
		{`"unterminated invoice`, nil}, // phrase to the end
	} {
		p, err := s.Search(ctx, c.q, SearchOptions{Limit: 10})
		if err != nil {
			t.Errorf("Search(%q): %v", c.q, err)
			continue
		}
		if got := subjects(p.Messages); !slices.Equal(got, c.want) && !(len(got) == 0 && len(c.want) == 0) {
			t.Errorf("Search(%q) = %q, want %q", c.q, got, c.want)
		}
	}
}

const weirdSubject = `Quote " and 'single' -- ; DROP TABLE messages; NEAR(a b) OR AND NOT *`

var allSubjects = []string{weirdSubject, "Café réunion", "Lunch plans", "Invoice for March", "Old invoice"}

// Hostile input is only ever words: no SQL or FTS5 syntax error, no
// effect on the data, and the words themselves are found.
func TestSearchHostileInput(t *testing.T) {
	s := searchFixture(t)
	ctx := ctxT(t)
	for _, q := range []string{
		`"`, `""`, `"""`, `'`, `' OR 1=1 --`, `"; DROP TABLE messages; --`, `a" OR "b`,
		`NEAR(a b)`, `invoice OR lunch`, `NOT invoice`, `AND`, `*`, `inv*`, `^invoice`, `subject:(lunch)`,
		`sender:alice`, `{subject}: lunch`, `from:"a"b"c`, `subject:"`, `%`, `_`, `\`, "\x00", "tab\there",
		`from:al"ice`, `-invoice`, `+invoice`, `col:val:val`, "\xff\xfe invalid utf8", `()`, `is:"unread"`,
	} {
		if _, err := s.Search(ctx, q, SearchOptions{}); err != nil {
			t.Errorf("Search(%q): %v", q, err)
		}
	}
	// Operator words are searched as words.
	p, err := s.Search(ctx, "DROP TABLE messages NEAR", SearchOptions{})
	if err != nil || len(p.Messages) != 1 || p.Messages[0].Subject != weirdSubject {
		t.Errorf("operator words as text: %v %v", subjects(p.Messages), err)
	}
	if p, _ := s.Search(ctx, "invoice OR lunch", SearchOptions{}); len(p.Messages) != 0 {
		t.Errorf("OR acted as an operator: %q", subjects(p.Messages))
	}
	if p, _ := s.Search(ctx, "", SearchOptions{Limit: 100}); len(p.Messages) != 5 {
		t.Errorf("rows changed: %d", len(p.Messages))
	}
}

func TestSearchBadQuery(t *testing.T) {
	s := openT(t)
	for _, q := range []string{"is:sideways", "has:cat", "before:yesterday", "after:2024-13-01", "before:2024/01/01"} {
		if _, err := s.Search(ctxT(t), q, SearchOptions{}); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Search(%q): err = %v, want ErrBadQuery", q, err)
		}
	}
}

func TestSearchPaged(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustFolder(t, s, "b", "INBOX", RoleInbox)
	var want []uint32
	for uid := uint32(1); uid <= 30; uid++ {
		acct := "a"
		if uid%2 == 0 {
			acct = "b"
		}
		mustUpsert(t, s, acct, "INBOX", msg(uid, "x", "report weekly"))
		want = append([]uint32{uid}, want...)
	}
	mustUpsert(t, s, "a", "INBOX", msg(100, "x", "unrelated"))
	var got []uint32
	o := SearchOptions{Limit: 4}
	for {
		p, err := s.Search(ctx, "report", o)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, uidsOf(p.Messages)...)
		if p.Next == nil {
			break
		}
		o.After = p.Next
	}
	if !slices.Equal(got, want) {
		t.Errorf("paged search = %v, want %v", got, want)
	}
}

func TestSetBodyTextSnippetAndReindex(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustUpsert(t, s, "a", "INBOX", msg(1, "x", "subj"))
	m, _ := s.MessageByUID(ctx, "a", "INBOX", 1)
	if err := s.SetBodyText(ctx, m.ID, "first   version\n\nof the body"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetBodyText(ctx, m.ID, "second text"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Search(ctx, "first", SearchOptions{}); len(p.Messages) != 0 {
		t.Error("old body text still indexed")
	}
	if p, _ := s.Search(ctx, "second subj", SearchOptions{}); len(p.Messages) != 1 {
		t.Error("new body text (with the subject) not indexed")
	}
	if got, _ := s.MessageByUID(ctx, "a", "INBOX", 1); got.Snippet != "first version of the body" {
		t.Errorf("snippet = %q", got.Snippet)
	}
	if err := s.SetBodyText(ctx, 999, "x"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing message: %v", err)
	}
}

// A search keeps to the accounts it is given: a removed account's mail,
// kept in the store for its return, is not found; nil means every one.
func TestSearchKeepsToAccounts(t *testing.T) {
	s := searchFixture(t)
	ctx := ctxT(t)
	for _, c := range []struct {
		accounts []string
		want     int
	}{{nil, 5}, {[]string{"work"}, 4}, {[]string{"home"}, 1}, {[]string{"work", "home"}, 5}, {[]string{}, 0}} {
		p, err := s.Search(ctx, "", SearchOptions{Limit: 50, Accounts: c.accounts})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Messages) != c.want {
			t.Errorf("accounts %q: %d found, want %d", c.accounts, len(p.Messages), c.want)
		}
		for _, m := range p.Messages {
			if c.accounts != nil && !slices.Contains(c.accounts, m.Account) {
				t.Errorf("accounts %q: found %q of %s", c.accounts, m.Subject, m.Account)
			}
		}
	}
}
