package pop3sync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"wren/account"
	"wren/account/store"
	"wren/transport"
	"wren/transport/pop3"
	"wren/transport/testserver"
)

// Against the real Dovecot and the real store: the header rows are listed
// (with no source yet) before any RETR; then every source is kept,
// searchable, with its real size; a second run fetches nothing.
func TestRealHeadersFirstIntoStore(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	put(t, srv, u, 5)
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "pop.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	listed := false
	e := &Engine{Store: OnStore(st, "pop"), Options: account.POP3Options{LeaveOnServer: true}}
	e.OnListed = func() {
		if listed {
			return // a later run: the sources are in by now
		}
		listed = true
		p, err := st.List(ctx, "pop", store.POP3Inbox, store.ListOptions{Limit: 50})
		if err != nil || len(p.Messages) != 5 {
			t.Fatalf("listed: %d rows, %v; want 5", len(p.Messages), err)
		}
		for _, m := range p.Messages {
			if !strings.HasPrefix(m.Subject, "pop ") || m.From.Addr != "a@wren.test" {
				t.Errorf("header row %+v", m)
			}
			if src, err := st.Source(ctx, m.ID); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("source of %q (id %d) before RETR: %q %v", m.Subject, m.ID, src, err)
			}
		}
	}
	r, err := e.Sync(ctx, session(t, srv, u))
	if err != nil || !listed || r.Listed != 5 || r.Downloaded != 5 || r.Deleted != 0 {
		t.Fatalf("sync %+v, %v (listed callback: %v)", r, err, listed)
	}
	p, err := st.List(ctx, "pop", store.POP3Inbox, store.ListOptions{Limit: 50})
	if err != nil || len(p.Messages) != 5 {
		t.Fatalf("%d rows, %v", len(p.Messages), err)
	}
	for _, m := range p.Messages {
		src, err := st.Source(ctx, m.ID)
		if err != nil || !strings.Contains(string(src), m.Subject) || m.Size != int64(len(src)) {
			t.Errorf("source of %q: %d bytes (row says %d), %v", m.Subject, len(src), m.Size, err)
		}
	}
	if s, err := st.Search(ctx, "Hello", store.SearchOptions{}); err != nil || len(s.Messages) != 5 {
		t.Errorf("body search: %d hits, %v", len(s.Messages), err)
	}
	if pend, err := st.POP3Pending(ctx, "pop"); err != nil || len(pend) != 0 {
		t.Errorf("pending after the run: %v, %v", pend, err)
	}
	r, err = e.Sync(ctx, session(t, srv, u))
	if err != nil || r.Listed != 0 || r.Downloaded != 0 {
		t.Fatalf("second sync %+v, %v: want nothing fetched", r, err)
	}
}

// Sources that could not be kept are fetched by the next run, without
// listing the messages twice; nothing is deleted on the server before
// its source is in the store.
func TestRealSourcesResume(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	put(t, srv, u, 3)
	st := newMemStore()
	st.failSources = true
	e := &Engine{Store: st, Options: account.POP3Options{LeaveOnServer: false}}
	r, err := e.Sync(t.Context(), session(t, srv, u))
	if err == nil || r.Listed != 3 || r.Downloaded != 0 {
		t.Fatalf("first sync %+v, %v: want 3 listed, then the store's error", r, err)
	}
	if n := onServer(t, srv, u); n != 3 {
		t.Fatalf("%d on the server, want all 3 kept", n)
	}
	st.failSources = false
	r, err = e.Sync(t.Context(), session(t, srv, u))
	if err != nil || r.Listed != 0 || r.Downloaded != 3 || r.Deleted != 3 {
		t.Fatalf("second sync %+v, %v: want 3 sources, 3 deleted", r, err)
	}
	if len(st.saved) != 3 || len(st.pending) != 0 {
		t.Errorf("%d sources kept, %d pending", len(st.saved), len(st.pending))
	}
	if n := onServer(t, srv, u); n != 0 {
		t.Fatalf("%d still on the server", n)
	}
}

// noTopConn is a maildrop on a server without TOP.
type noTopConn struct {
	msgs []string
	quit bool
}

func (c *noTopConn) UIDL(context.Context) ([]pop3.MsgUID, error) {
	var out []pop3.MsgUID
	for i := range c.msgs {
		out = append(out, pop3.MsgUID{Num: pop3.MsgNum(i + 1), UID: pop3.UID(fmt.Sprintf("u%d", i+1))})
	}
	return out, nil
}

func (c *noTopConn) TopMany(context.Context, []pop3.MsgNum, int, func(pop3.MsgNum, io.Reader) error) error {
	return &transport.Error{Code: transport.CodePOPUnsupported, Protocol: transport.ProtoPOP3, Err: errors.New("-ERR unknown command")}
}

func (c *noTopConn) RetrMany(_ context.Context, nums []pop3.MsgNum, fn func(pop3.MsgNum, io.Reader) error) error {
	for _, n := range nums {
		if err := fn(n, strings.NewReader(c.msgs[n-1])); err != nil {
			return err
		}
	}
	return nil
}

func (c *noTopConn) Dele(context.Context, pop3.MsgNum) error { return errors.New("not expected") }
func (c *noTopConn) Quit(context.Context) error              { c.quit = true; return nil }

// Without TOP the messages are listed from their sources.
func TestNoTopListsFromSources(t *testing.T) {
	conn := &noTopConn{msgs: []string{"Subject: one\r\n\r\nbody\r\n", "Subject: two\r\n\r\nbody\r\n"}}
	st := newMemStore()
	e := &Engine{Store: st, Options: account.POP3Options{LeaveOnServer: true}}
	r, err := e.Sync(t.Context(), conn)
	if err != nil || r.Listed != 0 || r.Downloaded != 2 || !conn.quit {
		t.Fatalf("sync %+v, %v", r, err)
	}
	if len(st.headers) != 2 || len(st.saved) != 2 || len(st.pending) != 0 || string(st.saved["u2"]) != conn.msgs[1] {
		t.Errorf("headers %d, sources %d, pending %d", len(st.headers), len(st.saved), len(st.pending))
	}
}
