package mailview

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/store"
)

var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(ctxT(t), filepath.Join(t.TempDir(), "wren.db"))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// msg builds a message; its date grows with uid.
func msg(uid uint32, from, subject string, seen bool) store.Message {
	return store.Message{
		UID:     uid,
		Date:    t0.Add(time.Duration(uid) * time.Minute),
		From:    store.Address{Name: from, Addr: strings.ToLower(from) + "@example.com"},
		To:      []store.Address{{Name: "Me", Addr: "me@wren.test"}},
		Subject: subject,
		Flags:   store.Flags{Seen: seen},
		Size:    1000,
	}
}

func mustFolder(t testing.TB, s *store.Store, acct, name string, role store.Role) {
	t.Helper()
	if err := s.UpsertFolder(ctxT(t), acct, name, role); err != nil {
		t.Fatalf("UpsertFolder: %v", err)
	}
}

func mustUpsert(t testing.TB, s *store.Store, acct, folder string, ms ...store.Message) {
	t.Helper()
	if err := s.UpsertMessages(ctxT(t), acct, folder, 7, ms); err != nil {
		t.Fatalf("UpsertMessages: %v", err)
	}
}

// queue runs the view's background work when the test says so, on the
// test goroutine: deterministic, and free of the races that fyne.Do (run
// inline by the test driver) would have with assertions.
type queue struct{ fns []func() }

func (q *queue) add(f func()) { q.fns = append(q.fns, f) }

func (q *queue) run() int {
	n := 0
	for len(q.fns) > 0 {
		f := q.fns[0]
		q.fns = q.fns[1:]
		f()
		n++
	}
	return n
}

// fixture is a view over a filled store in a test window.
type fixture struct {
	st *store.Store
	v  *View
	q  *queue
	w  fyne.Window
}

func accounts(names ...string) []account.Account {
	out := make([]account.Account, len(names))
	for i, n := range names {
		out[i] = account.Account{Name: n, Address: n + "@wren.test"}
	}
	return out
}

// newFixture builds the view; fill has put the data in the store first.
func newFixture(t *testing.T, st *store.Store, names ...string) *fixture {
	t.Helper()
	a := test.NewTempApp(t)
	q := &queue{}
	v := newView(a, st, accounts(names...), q.add)
	t.Cleanup(v.Close)
	q.run()
	w := test.NewTempWindow(t, v.Content())
	w.Resize(fyne.NewSize(1200, 800))
	return &fixture{st: st, v: v, q: q, w: w}
}

// standard is one account "work" with an inbox of 3 (2 unread, newest
// "Invoice 3"), a Sent folder with 1 and an empty "Projects".
func standard(t *testing.T) *store.Store {
	st := openStore(t)
	mustFolder(t, st, "work", "INBOX", store.RoleInbox)
	mustFolder(t, st, "work", "Sent Items", store.RoleSent)
	mustFolder(t, st, "work", "Projects", store.RoleNone)
	mustUpsert(t, st, "work", "INBOX",
		msg(1, "Alice", "Lunch on Friday", true),
		msg(2, "Bob", "Quarterly report", false),
		msg(3, "Carol", "Invoice 3", false))
	mustUpsert(t, st, "work", "Sent Items", msg(1, "Me", "Re: Lunch", true))
	return st
}

// labelTexts lists the texts of the labels laid out under o.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	for _, x := range test.LaidOutObjects(o) {
		if l, ok := x.(*widget.Label); ok && l.Visible() {
			out = append(out, l.Text)
		}
	}
	return out
}

func subjects(ms []store.Message) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.Subject
	}
	return out
}

func many(n int, from string) []store.Message {
	out := make([]store.Message, n)
	for i := range out {
		out[i] = msg(uint32(i+1), from, fmt.Sprintf("Message %d", i+1), i%2 == 0)
	}
	return out
}

// The mark-read delay never fires by itself in tests: a real timer would
// call into the view from its own goroutine (the test driver runs fyne.Do
// in place). reader_test.go drives it by hand.
func init() {
	readAfter = func(time.Duration, func()) func() { return func() {} }
}
