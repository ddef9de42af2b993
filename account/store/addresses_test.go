package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

func TestAddressBookRanksSentFirstAndCatchesUp(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	mustFolder(t, s, "a", "Sent", RoleSent)
	in := []Message{msg(1, "anna", "x"), msg(2, "anna", "y"), msg(3, "andrew", "z")}
	in[2].Cc = []Address{{Name: "Bob Anders", Addr: "bob@example.org"}}
	mustUpsert(t, s, "a", "INBOX", in...)
	sent := msg(1, "me", "to andy")
	sent.From = Address{Name: "Me", Addr: "me@wren.test"}
	sent.To = []Address{{Name: "Andy", Addr: "ANDY@example.net"}}
	mustUpsert(t, s, "a", "Sent", sent)

	book := NewAddressBook(s)
	got, err := book.Addresses(ctx, "AN", 10)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ANDY@example.net", "anna@example.com", "andrew@example.com", "bob@example.org"}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, c := range got {
		if c.Addr != want[i] {
			t.Errorf("%d: %s, want %s (%+v)", i, c.Addr, want[i], got)
		}
	}
	if got[0].Sent != 1 || got[1].Uses != 2 || got[1].Name != "anna" || got[3].Name != "Bob Anders" {
		t.Errorf("counts or names: %+v", got)
	}
	if got, _ := book.Addresses(ctx, "an", 2); len(got) != 2 {
		t.Errorf("limit: %+v", got)
	}
	// A message stored after the first query is found by the next one.
	late := msg(9, "anselm", "late")
	mustUpsert(t, s, "a", "INBOX", late)
	got, err = book.Addresses(ctx, "ansel", 10)
	if err != nil || len(got) != 1 || got[0].Addr != "anselm@example.com" {
		t.Fatalf("after a new message: %+v, %v", got, err)
	}
	if got, _ := book.Addresses(ctx, "zz", 10); len(got) != 0 {
		t.Errorf("no match: %+v", got)
	}
	if got, _ := book.Addresses(ctx, "me@", 10); len(got) != 1 || got[0].Uses != 4 {
		t.Errorf("own address from received mail: %+v", got)
	}
}

// The catch-up reads in batches: more messages than one batch are all
// indexed.
func TestAddressBookManyMessages(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	mustFolder(t, s, "a", "INBOX", RoleInbox)
	n := catchUpBatch + 100
	if err := s.UpsertMessages(ctx, "a", "INBOX", 7, synth(0, n)); err != nil {
		t.Fatal(err)
	}
	got, err := NewAddressBook(s).Addresses(ctx, "me@wren", 5)
	if err != nil || len(got) != 1 || got[0].Uses != n {
		t.Fatalf("%+v, %v", got, err)
	}
}

// BenchmarkAddresses100k: the first query indexes 100,000 messages, the
// following ones (b.N) answer from memory.
func BenchmarkAddresses100k(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(b.TempDir(), "b.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.UpsertFolder(ctx, "a", "INBOX", RoleInbox); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < 100_000; i += 10_000 {
		ms := synth(i, 10_000)
		for j := range ms {
			ms[j].Cc = []Address{{Name: fmt.Sprint("Person ", (i+j)%5000), Addr: fmt.Sprintf("p%d@example.org", (i+j)%5000)}}
		}
		if err := s.UpsertMessages(ctx, "a", "INBOX", 1, ms); err != nil {
			b.Fatal(err)
		}
	}
	book := NewAddressBook(s)
	start := time.Now()
	if _, err := book.Addresses(ctx, "", 1); err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)
	b.ResetTimer()
	for b.Loop() {
		if got, err := book.Addresses(ctx, "p12", 10); err != nil || len(got) != 10 {
			b.Fatalf("%d, %v", len(got), err)
		}
	}
	b.ReportMetric(float64(first.Milliseconds()), "first-query-ms")
}
