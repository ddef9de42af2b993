package outbox

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"wren/account/store"
	"wren/transport"
)

// The outbox over the real store survives a restart: a message queued,
// then failed, is there with its code after reopening the file.
func TestOnStoreSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	sub := &fakeSubmit{script: []error{smtpErr("SEND-01", transport.RetryNo)}}
	o := &Outbox{Account: "me", Store: OnStore(st), Submit: sub}
	id, err := o.Queue(t.Context(), msg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o = &Outbox{Account: "me", Store: OnStore(st), Submit: &fakeSubmit{}}
	it, err := o.Store.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if it.State != Failed || transport.CodeOf(it.Err) != "SEND-01" || string(it.Raw) != string(msg.Raw) || it.To[0] != "you@example.com" {
		t.Fatalf("after restart: %+v", it)
	}
	if err := o.Retry(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if _, err := o.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if it, _ = o.Store.Get(t.Context(), id); it.State != Sent {
		t.Fatalf("after retry: %+v", it)
	}
}

// countSubmit counts submissions per Message-ID, safely across goroutines.
type countSubmit struct {
	mu   sync.Mutex
	seen map[string]int
}

func (c *countSubmit) Submit(_ context.Context, it Item) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seen[it.MessageID]++
	return nil
}

// Two outboxes over two handles of one store file (as the window and
// `wren send --flush` are) send 100 queued messages together: each goes
// out once.
func TestTwoHandlesSendEachMessageOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.db")
	var handles [3]*store.Store
	for i := range handles {
		st, err := store.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		handles[i] = st
	}
	q := &Outbox{Account: "me", Store: OnStore(handles[0])}
	const n = 100
	for i := range n {
		m := msg
		m.MessageID = fmt.Sprintf("m%d@example.com", i)
		if _, err := q.Queue(t.Context(), m, 0); err != nil {
			t.Fatal(err)
		}
	}
	sub := &countSubmit{seen: map[string]int{}}
	var wg sync.WaitGroup
	for _, st := range handles[1:] {
		wg.Go(func() {
			o := &Outbox{Account: "me", Store: OnStore(st), Submit: sub}
			if _, err := o.RunOnce(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(sub.seen) != n {
		t.Fatalf("%d of %d messages were sent", len(sub.seen), n)
	}
	for id, k := range sub.seen {
		if k != 1 {
			t.Errorf("%s was sent %d times", id, k)
		}
	}
}
