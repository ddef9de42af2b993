package compose

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wren/account"
	"wren/account/drafts"
	"wren/account/outbox"
	"wren/account/store"
	"wren/transport/rfc822"
)

// fake is a Backend in memory (with a real drafts store on disk).
type fake struct {
	mu         sync.Mutex
	drafts     *drafts.Store
	limit      int64
	contacts   []store.Contact
	message    *rfc822.Message
	sent       []rfc822.Draft
	onOutbox   func(outbox.Item)
	recovered  []drafts.Draft
	items      []outbox.Item
	toAccepted []int64
	retried    []int64
	copies     int // CopyDraftsNow calls
}

func newFake(t *testing.T) *fake {
	ds, err := drafts.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return &fake{drafts: ds}
}

func (f *fake) Send(_ context.Context, _ string, d rfc822.Draft, _ time.Duration) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sent = append(f.sent, d)
	return int64(len(f.sent)), nil
}

func (f *fake) sentDrafts() []rfc822.Draft {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sent)
}

func (f *fake) Undo(_ context.Context, id int64) (rfc822.Draft, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id < 1 || int(id) > len(f.sent) {
		return rfc822.Draft{}, outbox.ErrNotUndoable
	}
	return f.sent[id-1], nil
}

func (f *fake) Retry(_ context.Context, id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.retried = append(f.retried, id)
	return nil
}

func (f *fake) SendToAccepted(_ context.Context, id int64) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.toAccepted = append(f.toAccepted, id)
	return nil
}

func (f *fake) Outbox(context.Context) ([]outbox.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.items), nil
}

func (f *fake) OnOutbox(fn func(outbox.Item))                    { f.mu.Lock(); f.onOutbox = fn; f.mu.Unlock() }
func (f *fake) Drafts() *drafts.Store                            { return f.drafts }
func (f *fake) DiscardDraft(id string) error                     { return f.drafts.Delete(id) }
func (f *fake) CopyDraftsNow()                                   { f.mu.Lock(); f.copies++; f.mu.Unlock() }
func (f *fake) SizeLimit(context.Context, string) (int64, error) { return f.limit, nil }
func (f *fake) RecoveredDrafts(context.Context) ([]drafts.Draft, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.recovered), nil
}

func (f *fake) Contacts(_ context.Context, prefix string) ([]store.Contact, error) {
	var out []store.Contact
	for _, c := range f.contacts {
		if strings.HasPrefix(strings.ToLower(c.Addr), strings.ToLower(prefix)) ||
			strings.HasPrefix(strings.ToLower(c.Name), strings.ToLower(prefix)) {
			out = append(out, c)
		}
	}
	return out, nil
}

func (f *fake) FetchMessage(context.Context, store.Message) (*rfc822.Message, []byte, error) {
	if f.message == nil {
		return nil, nil, errors.New("no such message")
	}
	return f.message, []byte("raw"), nil
}

// testAccounts: one account with two identities (with signatures) and a
// second account.
func testAccounts() []account.Account {
	return []account.Account{
		{Name: "Work", Address: "me@work.example", Identities: []account.Identity{
			{Name: "Me", Address: "me@work.example", Signature: "Me at Work"},
			{Name: "Me (Sales)", Address: "sales@work.example", Signature: "Sales team"},
		}},
		{Name: "Home", Address: "me@home.example"},
	}
}

// events collects the Manager's hook reports.
type events struct {
	ch chan event
}

type event struct {
	name string
	w    *Window
}

func newManager(t *testing.T, b Backend, d Deps) (*Manager, *events) {
	t.Helper()
	app := test.NewTempApp(t)
	d.Backend = b
	if d.Accounts == nil {
		d.Accounts = testAccounts()
	}
	if d.Now == nil {
		d.Now = func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC) }
	}
	ev := &events{ch: make(chan event, 256)}
	m := NewManager(app, d)
	m.hook = func(name string, w *Window) { ev.ch <- event{name, w} }
	m.SetParent(app.NewWindow("main"))
	t.Cleanup(m.Close)
	return m, ev
}

// wait returns the next event named name (others are skipped).
func (e *events) wait(t *testing.T, name string) *Window {
	t.Helper()
	timeout := time.After(30 * time.Second)
	for {
		select {
		case ev := <-e.ch:
			if ev.name == name {
				return ev.w
			}
		case <-timeout:
			t.Fatalf("no %q event", name)
			return nil
		}
	}
}

// opened waits for a composer to open and its size limit to arrive (the
// background work a fresh window starts), and for the extra events.
func (e *events) opened(t *testing.T, extra ...string) *Window {
	t.Helper()
	var w *Window
	want := map[string]bool{"limit": true}
	for _, x := range extra {
		want[x] = true
	}
	timeout := time.After(30 * time.Second)
	for w == nil || len(want) > 0 {
		select {
		case ev := <-e.ch:
			if ev.name == "open" {
				w = ev.w
			}
			delete(want, ev.name)
		case <-timeout:
			t.Fatal("the composer did not open")
		}
	}
	return w
}

// onUI runs f the way the Manager applies background results, so that
// a test's own action never overlaps one (the test driver runs fyne.Do
// on the calling goroutine).
func onUI(m *Manager, f func()) { m.do(f) }

// eventually polls cond (state kept by another goroutine on disk).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting: %s", what)
		}
		<-tick.C
	}
}
