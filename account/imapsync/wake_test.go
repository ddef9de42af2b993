package imapsync

import (
	"context"
	"errors"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/imap"
)

// idleFake is a fakeConn that idles until its context ends and reports
// each full sync (List) and each IDLE it enters.
type idleFake struct {
	*fakeConn
	listed chan struct{}
	idling chan struct{}
	closed chan struct{}
}

func newIdleFake() *idleFake {
	return &idleFake{
		fakeConn: &fakeConn{folders: map[string]*fakeFolder{
			"INBOX": {validity: 1, flags: map[uint32][]goimap.Flag{1: nil, 2: {goimap.FlagSeen}}},
		}},
		listed: make(chan struct{}, 10),
		idling: make(chan struct{}, 10),
		closed: make(chan struct{}),
	}
}

func (f *idleFake) List(ctx context.Context) ([]imap.Folder, error) {
	f.listed <- struct{}{}
	return f.fakeConn.List(ctx)
}

func (f *idleFake) Idle(ctx context.Context, _ func(imap.Update)) error {
	f.idling <- struct{}{}
	select {
	case <-ctx.Done():
		return nil
	case <-f.closed:
		return errors.New("connection closed")
	}
}

func (f *idleFake) Noop(context.Context) error { return nil }

func (f *idleFake) Close() error {
	select {
	case <-f.closed:
	default:
		close(f.closed)
	}
	return nil
}

func recv(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("no %s in time", what)
	}
}

func none(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
		t.Fatalf("unexpected %s", what)
	default:
	}
}

// Wake ends IDLE at once (the poll interval is an hour) and syncs every
// folder again on the same connection; Reconnect drops the connection
// and dials a new one. Both are safe before Run and after it ended.
func TestRunnerWakeAndReconnect(t *testing.T) {
	r := &Runner{Engine: &Engine{Store: newMemStore()}, Poll: time.Hour}
	// The queued user actions go before every sync: at connect and after
	// each wake-up.
	before := make(chan struct{}, 10)
	r.BeforeSync = func(context.Context, IdleConn) error { before <- struct{}{}; return nil }
	r.Wake() // before Run: absorbed by the first sync
	r.Reconnect()
	conns := make(chan *idleFake, 10)
	r.Dial = func(context.Context) (IdleConn, error) {
		c := newIdleFake()
		conns <- c
		return c, nil
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()

	first := <-conns
	recv(t, before, "actions before the first sync")
	recv(t, first.listed, "first sync")
	recv(t, first.idling, "IDLE after the first sync")
	none(t, first.listed, "second sync before Wake")

	r.Wake()
	recv(t, before, "actions before the woken sync")
	recv(t, first.listed, "full sync after Wake")
	recv(t, first.idling, "IDLE after the woken sync")
	select {
	case <-conns:
		t.Fatal("Wake redialed a working connection")
	default:
	}

	// A user action's wake-up syncs only the folders it names.
	r.WakeFor("INBOX")
	recv(t, before, "actions before the folder sync")
	recv(t, first.idling, "IDLE after the folder sync")
	none(t, first.listed, "a full sync for one folder's change")

	r.Reconnect()
	recv(t, first.closed, "old connection closed")
	var second *idleFake
	select {
	case second = <-conns:
	case <-time.After(10 * time.Second):
		t.Fatal("no new connection after Reconnect")
	}
	recv(t, second.listed, "full sync on the new connection")
	recv(t, second.idling, "IDLE on the new connection")
	if st := r.Status(); st.State != StateOnline {
		t.Errorf("state %s after reconnect, want online", st.State)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
	r.Wake()
	r.Reconnect()
}

// Wake cuts a long backoff short: the next attempt starts at once.
func TestRunnerWakeDuringBackoff(t *testing.T) {
	refused := &transport.Error{Code: transport.CodeRefused, Step: transport.StepConnect, Retry: transport.RetryYes, Err: errors.New("refused")}
	statuses := make(chan Status, 100)
	dials := make(chan struct{}, 10)
	ok := newIdleFake()
	n := 0
	r := &Runner{
		Engine:   &Engine{Store: newMemStore()},
		Poll:     time.Hour,
		Backoff:  []time.Duration{time.Hour},
		OnStatus: func(s Status) { statuses <- s },
		Dial: func(context.Context) (IdleConn, error) {
			n++
			dials <- struct{}{}
			if n == 1 {
				return nil, refused
			}
			return ok, nil
		},
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	recv(t, dials, "first dial")
	if s := waitState(t, statuses, StateOffline); time.Until(s.Retry) < 30*time.Minute {
		t.Fatalf("retry at %v, want an hour away", s.Retry)
	}
	r.Wake()
	recv(t, dials, "second dial after Wake")
	waitState(t, statuses, StateOnline)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
}

// lateFake is an idleFake whose Inbox gets a message between the first
// sync and the SELECT before IDLE: that SELECT shows a new next UID.
type lateFake struct {
	*idleFake
	selects int
	synced  chan int // the Selects made before each IDLE
}

func (f *lateFake) Select(ctx context.Context, name string, ro bool) (*imap.Mailbox, error) {
	mb, err := f.fakeConn.Select(ctx, name, ro)
	if err == nil && name == "INBOX" {
		f.selects++
		if f.selects >= 2 { // the mail arrived after the first sync's
			mb.UIDNext = 101
			f.folders["INBOX"].flags[3] = nil
		}
	}
	return mb, err
}

func (f *lateFake) Idle(ctx context.Context, u func(imap.Update)) error {
	f.synced <- f.selects
	return f.idleFake.Idle(ctx, u)
}

// Mail that reaches the Inbox after its sync and before IDLE starts is
// synced at once, not at the next poll (IDLE reports only later news).
func TestRunnerSyncsMailThatCameBeforeIdle(t *testing.T) {
	store := newMemStore()
	r := &Runner{Engine: &Engine{Store: store}, Poll: time.Hour}
	c := &lateFake{idleFake: newIdleFake(), synced: make(chan int, 10)}
	r.Dial = func(context.Context) (IdleConn, error) { return c, nil }
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	var n int
	select {
	case n = <-c.synced:
	case <-time.After(10 * time.Second):
		t.Fatal("no IDLE")
	}
	// The first sync's SELECT, the one before IDLE that shows the new
	// mail, the Inbox synced again, and the SELECT before IDLE.
	if n != 4 {
		t.Errorf("IDLE after %d SELECTs of the Inbox, want 4 (the late mail synced first)", n)
	}
	if st, _ := store.FolderState(ctx, "INBOX"); st.UIDNext != 101 {
		t.Errorf("the Inbox's state after the sync: %+v, want next UID 101", st)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
