package pop3sync

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"wren/account/imapsync"
	"wren/transport"
	"wren/transport/pop3"
)

// oneMessage is a maildrop holding one message.
type oneMessage struct{ closed bool }

const oneRaw = "Subject: hello\r\nFrom: a@wren.test\r\n\r\nbody\r\n"

func (c *oneMessage) UIDL(context.Context) ([]pop3.MsgUID, error) {
	return []pop3.MsgUID{{Num: 1, UID: "u1"}}, nil
}
func (c *oneMessage) TopMany(_ context.Context, nums []pop3.MsgNum, _ int, fn func(pop3.MsgNum, io.Reader) error) error {
	for _, n := range nums {
		if err := fn(n, strings.NewReader("Subject: hello\r\nFrom: a@wren.test\r\n\r\n")); err != nil {
			return err
		}
	}
	return nil
}
func (c *oneMessage) RetrMany(_ context.Context, nums []pop3.MsgNum, fn func(pop3.MsgNum, io.Reader) error) error {
	for _, n := range nums {
		if err := fn(n, strings.NewReader(oneRaw)); err != nil {
			return err
		}
	}
	return nil
}
func (c *oneMessage) Dele(context.Context, pop3.MsgNum) error { return nil }
func (c *oneMessage) Quit(context.Context) error              { return nil }
func (c *oneMessage) Close() error                            { c.closed = true; return nil }

// The runner checks at once, reports online, checks again on Wake, backs
// off after a transient failure and stops at one the user must fix.
func TestRunnerChecksAndReports(t *testing.T) {
	refused := &transport.Error{Code: transport.CodeRefused, Step: transport.StepConnect, Retry: transport.RetryYes, Err: errors.New("refused")}
	badLogin := &transport.Error{Code: transport.CodePOPAuthFailed, Step: transport.StepAuth, Retry: transport.RetryNo, Err: errors.New("-ERR")}
	st := newMemStore()
	states := make(chan imapsync.State, 32)
	dials := make(chan *oneMessage, 8)
	script := []error{nil, nil, refused, badLogin}
	r := &Runner{
		Engine:   &Engine{Store: st},
		Every:    time.Hour, // only Wake and the backoff start a check here
		Backoff:  []time.Duration{time.Millisecond},
		OnStatus: func(s imapsync.Status) { states <- s.State },
	}
	r.Dial = func(context.Context) (SessionConn, error) {
		err := script[0]
		script = script[1:]
		if err != nil {
			return nil, err
		}
		c := &oneMessage{}
		dials <- c
		return c, nil
	}
	expect := func(want ...imapsync.State) {
		t.Helper()
		for _, w := range want {
			select {
			case got := <-states:
				if got != w {
					t.Fatalf("state %s, want %s", got, w)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("no %s state", w)
			}
		}
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(t.Context()) }()
	expect(imapsync.StateSyncing, imapsync.StateOnline)
	if c := <-dials; !c.closed {
		t.Error("the session was not closed after the check")
	}
	st.mu.Lock()
	_, listed := st.have["u1"]
	st.mu.Unlock()
	if r.Status().LastSynced.IsZero() || !listed {
		t.Errorf("status %+v, u1 downloaded %v", r.Status(), listed)
	}
	r.Wake() // Get mail: a second check, nothing new
	expect(imapsync.StateSyncing, imapsync.StateOnline)
	<-dials
	r.Wake() // refused, then (after the backoff) the login is refused
	expect(imapsync.StateSyncing, imapsync.StateOffline, imapsync.StateSyncing, imapsync.StateError)
	if err := <-done; transport.CodeOf(err) != transport.CodePOPAuthFailed {
		t.Fatalf("Run = %v, want the login failure", err)
	}
	if s := r.Status(); s.State != imapsync.StateError || s.Err == nil {
		t.Errorf("final status %+v", s)
	}
}
