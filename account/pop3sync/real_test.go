package pop3sync

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"wren/account"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/testserver"
)

type memStore struct {
	mu          sync.Mutex
	have        map[string]time.Time
	pending     map[string]bool
	headers     map[string][]byte
	saved       map[string][]byte
	failSources bool
}

func newMemStore() *memStore {
	return &memStore{have: map[string]time.Time{}, pending: map[string]bool{}, headers: map[string][]byte{}, saved: map[string][]byte{}}
}

func (m *memStore) Downloaded(context.Context) (map[string]time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.have), nil
}

func (m *memStore) Pending(context.Context) (map[string]bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return maps.Clone(m.pending), nil
}

func (m *memStore) SaveHeaders(_ context.Context, hs []Download) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, h := range hs {
		if _, dup := m.have[h.UIDL]; dup {
			return fmt.Errorf("%s listed twice", h.UIDL)
		}
		m.have[h.UIDL], m.headers[h.UIDL], m.pending[h.UIDL] = h.At, h.Raw, true
	}
	return nil
}

func (m *memStore) SaveSources(_ context.Context, ds []Download) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failSources {
		return fmt.Errorf("disk full")
	}
	for _, d := range ds {
		if !m.pending[d.UIDL] {
			return fmt.Errorf("%s downloaded while not pending", d.UIDL)
		}
		delete(m.pending, d.UIDL)
		m.saved[d.UIDL] = d.Raw
	}
	return nil
}

func (m *memStore) Forget(_ context.Context, uidls []string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range uidls {
		delete(m.have, u)
		delete(m.pending, u)
	}
	return nil
}

// put places n messages in the user's maildrop (through IMAP: the same
// Dovecot mailbox POP3 serves).
func put(t *testing.T, srv *testserver.Servers, u testserver.User, n int) {
	t.Helper()
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		msg := fmt.Sprintf("From: a@wren.test\r\nTo: %s\r\nSubject: pop %d %d\r\nMessage-ID: <%d.%d@wren.test>\r\n\r\nHello %d\r\n", u.Address, i, time.Now().UnixNano(), i, time.Now().UnixNano(), i)
		if _, err := c.Append(t.Context(), "INBOX", nil, time.Now(), bytes.NewReader([]byte(msg)), int64(len(msg))); err != nil {
			t.Fatal(err)
		}
	}
}

func session(t *testing.T, srv *testserver.Servers, u testserver.User) *pop3.Client {
	t.Helper()
	c, err := pop3.Dial(t.Context(), srv.POP3TLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	return c
}

func onServer(t *testing.T, srv *testserver.Servers, u testserver.User) int {
	t.Helper()
	c := session(t, srv, u)
	n, _, err := c.Stat(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	c.Quit(t.Context())
	return n
}

func TestRealLeaveOnServerNeverTwice(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	put(t, srv, u, 3)
	st := newMemStore()
	e := &Engine{Store: st, Options: account.POP3Options{LeaveOnServer: true}}
	r, err := e.Sync(t.Context(), session(t, srv, u))
	if err != nil || r.Downloaded != 3 || r.Deleted != 0 {
		t.Fatalf("first sync %+v, %v", r, err)
	}
	put(t, srv, u, 1)
	r, err = e.Sync(t.Context(), session(t, srv, u))
	if err != nil || r.Downloaded != 1 || r.OnServer != 4 {
		t.Fatalf("second sync %+v, %v: want only the new message", r, err)
	}
	if n := onServer(t, srv, u); n != 4 {
		t.Fatalf("%d on the server, want all 4 left there", n)
	}
	for uid, raw := range st.saved {
		if !bytes.Contains(raw, []byte("Subject: pop ")) {
			t.Errorf("%s: saved bytes %q", uid, raw)
		}
	}
}

func TestRealDeleteAfterDaysAndAtOnce(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	put(t, srv, u, 2)
	st := newMemStore()
	now := time.Now()
	e := &Engine{Store: st, Options: account.POP3Options{LeaveOnServer: true, DeleteAfterDays: 7}, Now: func() time.Time { return now }}
	if _, err := e.Sync(t.Context(), session(t, srv, u)); err != nil {
		t.Fatal(err)
	}
	now = now.Add(8 * 24 * time.Hour)
	r, err := e.Sync(t.Context(), session(t, srv, u))
	if err != nil || r.Deleted != 2 || r.Downloaded != 0 {
		t.Fatalf("after 8 days: %+v, %v", r, err)
	}
	if n := onServer(t, srv, u); n != 0 {
		t.Fatalf("%d still on the server", n)
	}
	// The next run forgets the UIDLs the server no longer has.
	if _, err := e.Sync(t.Context(), session(t, srv, u)); err != nil || len(st.have) != 0 {
		t.Fatalf("UIDLs kept: %v, %v", st.have, err)
	}

	put(t, srv, u, 1)
	e.Options = account.POP3Options{LeaveOnServer: false}
	if r, err = e.Sync(t.Context(), session(t, srv, u)); err != nil || r.Downloaded != 1 || r.Deleted != 1 {
		t.Fatalf("download and delete: %+v, %v", r, err)
	}
	if n := onServer(t, srv, u); n != 0 {
		t.Fatalf("%d still on the server", n)
	}
}

// A message is never deleted on the server when the store could not keep
// it.
func TestStoreFailureDeletesNothing(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	put(t, srv, u, 1)
	e := &Engine{Store: failingStore{}, Options: account.POP3Options{LeaveOnServer: false}}
	if _, err := e.Sync(t.Context(), session(t, srv, u)); err == nil {
		t.Fatal("sync succeeded without a store")
	}
	if n := onServer(t, srv, u); n != 1 {
		t.Fatalf("%d on the server, want the message kept", n)
	}
}

type failingStore struct{}

func (failingStore) Downloaded(context.Context) (map[string]time.Time, error) {
	return map[string]time.Time{}, nil
}
func (failingStore) Pending(context.Context) (map[string]bool, error) { return nil, nil }
func (failingStore) SaveHeaders(context.Context, []Download) error {
	return fmt.Errorf("disk full")
}
func (failingStore) SaveSources(context.Context, []Download) error {
	return fmt.Errorf("disk full")
}
func (failingStore) Forget(context.Context, []string) error { return nil }
