package store

import (
	"errors"
	"slices"
	"testing"
)

// pageAll walks every page and returns the UIDs in order.
func pageAll(t *testing.T, get func(o ListOptions) (Page, error), o ListOptions) []uint32 {
	t.Helper()
	var out []uint32
	for i := 0; ; i++ {
		p, err := get(o)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Messages) > o.Limit && o.Limit > 0 {
			t.Fatalf("page of %d rows, limit %d", len(p.Messages), o.Limit)
		}
		out = append(out, uidsOf(p.Messages)...)
		if p.Next == nil {
			return out
		}
		if i > 1000 {
			t.Fatal("paging does not end")
		}
		o.After = p.Next
	}
}

func TestListNewestPaged(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	var ms []Message
	for uid := uint32(1); uid <= 125; uid++ {
		m := msg(uid, "x", "s")
		if uid%10 == 0 {
			m.Date = msg(5, "", "").Date // ties on date are ordered by id
		}
		ms = append(ms, m)
	}
	mustUpsert(t, s, "work", "INBOX", ms...)
	get := func(o ListOptions) (Page, error) { return s.List(ctx, "work", "INBOX", o) }

	first, err := get(ListOptions{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := uidsOf(first.Messages); !slices.Equal(got, []uint32{125, 124, 123}) {
		t.Errorf("newest 3 = %v", got)
	}
	got := pageAll(t, get, ListOptions{Limit: 7})
	if len(got) != 125 {
		t.Fatalf("paged %d rows, want 125", len(got))
	}
	seen := map[uint32]bool{}
	byUID := map[uint32]Message{}
	for _, m := range ms {
		byUID[m.UID] = m
	}
	for i, u := range got {
		if seen[u] {
			t.Fatalf("uid %d twice", u)
		}
		seen[u] = true
		if i > 0 && byUID[u].Date.After(byUID[got[i-1]].Date) {
			t.Errorf("row %d (uid %d) newer than the one before", i, u)
		}
	}
	if def, _ := get(ListOptions{}); len(def.Messages) != 50 || def.Next == nil {
		t.Errorf("default limit: %d rows", len(def.Messages))
	}
}

func TestListFilters(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	var ms []Message
	for uid := uint32(1); uid <= 12; uid++ {
		m := msg(uid, "x", "s")
		m.Flags.Seen = uid%2 == 0
		m.Flags.Flagged = uid%3 == 0
		m.HasAttachment = uid%4 == 0
		ms = append(ms, m)
	}
	mustUpsert(t, s, "work", "INBOX", ms...)
	for _, c := range []struct {
		f    Filter
		want []uint32
	}{
		{Filter{}, []uint32{12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}},
		{Filter{Unread: true}, []uint32{11, 9, 7, 5, 3, 1}},
		{Filter{Flagged: true}, []uint32{12, 9, 6, 3}},
		{Filter{HasAttachment: true}, []uint32{12, 8, 4}},
		{Filter{Unread: true, Flagged: true}, []uint32{9, 3}},
		{Filter{Flagged: true, HasAttachment: true}, []uint32{12}},
	} {
		got := pageAll(t, func(o ListOptions) (Page, error) { return s.List(ctx, "work", "INBOX", o) },
			ListOptions{Filter: c.f, Limit: 2})
		if !slices.Equal(got, c.want) {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
		}
	}
}

func TestListBySender(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	mustUpsert(t, s, "work", "INBOX",
		msg(1, "bob", "b1"), msg(2, "Alice", "a1"), msg(3, "bob", "b2"), msg(4, "carol", "c1"), msg(5, "alice", "a2"),
		Message{UID: 6, Date: t0, From: Address{Addr: "aaron@x.org"}, Subject: "no name"})
	got := pageAll(t, func(o ListOptions) (Page, error) { return s.List(ctx, "work", "INBOX", o) },
		ListOptions{Sort: BySender, Limit: 2})
	if want := []uint32{6, 5, 2, 3, 1, 4}; !slices.Equal(got, want) {
		t.Errorf("by sender: %v, want %v", got, want)
	}
}

func TestUnifiedInbox(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	mustFolder(t, s, "work", "Archive", RoleArchive)
	mustFolder(t, s, "home", "Inbox", RoleInbox)
	mustUpsert(t, s, "work", "INBOX", msg(1, "w", "work 1"), msg(4, "w", "work 4"))
	mustUpsert(t, s, "work", "Archive", msg(5, "w", "archived"))
	home3 := msg(3, "h", "home 3")
	home3.Flags.Seen = true
	mustUpsert(t, s, "home", "Inbox", msg(2, "h", "home 2"), home3)

	p, err := s.UnifiedInbox(ctx, ListOptions{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := subjects(p.Messages), []string{"work 4", "home 3", "home 2", "work 1"}; !slices.Equal(got, want) {
		t.Errorf("unified = %q, want %q", got, want)
	}
	all := pageAll(t, func(o ListOptions) (Page, error) { return s.UnifiedInbox(ctx, o) }, ListOptions{Limit: 1})
	if want := []uint32{4, 3, 2, 1}; !slices.Equal(all, want) {
		t.Errorf("unified paged by 1 = %v, want %v", all, want)
	}
	bySender := pageAll(t, func(o ListOptions) (Page, error) { return s.UnifiedInbox(ctx, o) }, ListOptions{Limit: 3, Sort: BySender})
	if want := []uint32{3, 2, 4, 1}; !slices.Equal(bySender, want) {
		t.Errorf("unified by sender = %v, want %v", bySender, want)
	}
	if p.Messages[1].Account != "home" || p.Messages[1].Folder != "Inbox" {
		t.Errorf("row names: %s/%s", p.Messages[1].Account, p.Messages[1].Folder)
	}
	p, _ = s.UnifiedInbox(ctx, ListOptions{Limit: 10, Accounts: []string{"home"}})
	if got := subjects(p.Messages); !slices.Equal(got, []string{"home 3", "home 2"}) {
		t.Errorf("unified of home only = %q", got)
	}
	if p, _ = s.UnifiedInbox(ctx, ListOptions{Limit: 10, Accounts: []string{}}); len(p.Messages) != 0 {
		t.Errorf("unified of no account = %q", subjects(p.Messages))
	}
	p, _ = s.UnifiedInbox(ctx, ListOptions{Filter: Filter{Unread: true}, Limit: 2})
	if got := subjects(p.Messages); !slices.Equal(got, []string{"work 4", "home 2"}) || p.Next == nil {
		t.Errorf("unified unread page 1 = %q", got)
	}
	p, _ = s.UnifiedInbox(ctx, ListOptions{Filter: Filter{Unread: true}, Limit: 2, After: p.Next})
	if got := subjects(p.Messages); !slices.Equal(got, []string{"work 1"}) || p.Next != nil {
		t.Errorf("unified unread page 2 = %q", got)
	}
}

func TestMessageWithParts(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "work", "INBOX", RoleInbox)
	m := msg(1, "alice", "with parts")
	m.References = []string{"a@x", "b@x"}
	m.InReplyTo = "<b@x>"
	m.MessageID = "<c@x>"
	mustUpsert(t, s, "work", "INBOX", m)
	got, err := s.MessageByUID(ctx, "work", "INBOX", 1)
	if err != nil {
		t.Fatal(err)
	}
	if got.MessageID != "c@x" || got.InReplyTo != "b@x" || !slices.Equal(got.References, []string{"a@x", "b@x"}) {
		t.Errorf("ids: %q %q %q", got.MessageID, got.InReplyTo, got.References)
	}
	if err := s.PutPart(ctx, got.ID, Part{ID: "1", ContentType: "text/plain", Size: 5}, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if err := s.PutPart(ctx, got.ID, Part{ID: "2", ContentType: "application/pdf", Filename: "a.pdf", Size: 9000}, nil); err != nil {
		t.Fatal(err)
	}
	d, err := s.Message(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{{ID: "1", ContentType: "text/plain", Size: 5, Cached: true},
		{ID: "2", ContentType: "application/pdf", Filename: "a.pdf", Size: 9000}}
	if d.Subject != "with parts" || !slices.Equal(d.Parts, want) {
		t.Errorf("detail = %+v", d)
	}
	if err := s.PutPart(ctx, 12345, Part{ID: "1"}, []byte("x")); !errors.Is(err, ErrNotFound) {
		t.Errorf("part of a missing message: %v", err)
	}
}
