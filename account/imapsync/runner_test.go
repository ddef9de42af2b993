package imapsync

import (
	"context"
	"errors"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/testserver"
)

// With the real Dovecot: after the first sync the runner idles on the
// Inbox, and a message that arrives then is in the store within 2 s.
func TestRealRunnerIdle(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	st := newMemStore()
	statuses := make(chan Status, 100)
	r := &Runner{
		Engine: &Engine{Store: st},
		Dial: func(ctx context.Context) (IdleConn, error) {
			c, err := imap.Dial(ctx, srv.IMAPSTARTTLS, srv.Options())
			if err != nil {
				return nil, err
			}
			if err := c.Login(ctx, u.Address, u.Password); err != nil {
				c.Close()
				return nil, err
			}
			return c, nil
		},
		OnStatus: func(s Status) { statuses <- s },
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	waitState(t, statuses, StateOnline)

	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	appendMsg(t, c, "INBOX", u.Address, "During IDLE", false, 0)
	waitState(t, statuses, StateOnline)
	if el := time.Since(start); el > 2*time.Second || st.count("INBOX") != 1 {
		t.Fatalf("new message cached after %v (%d in the store): want it within 2 s", el, st.count("INBOX"))
	}
	if r.Status().LastSynced.Before(start) {
		t.Error("last synced not updated")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run after cancel: %v", err)
	}
}

func waitState(t *testing.T, ch <-chan Status, want State) Status {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case s := <-ch:
			if s.State == want {
				return s
			}
			if s.State == StateError {
				t.Fatalf("runner stopped: %v", s.Err)
			}
		case <-timeout:
			t.Fatalf("no %s status in time", want)
		}
	}
}

// Network failures are retried with backoff; a wrong password stops the
// runner with its error, never retried by itself.
func TestRunnerBackoffThenAuthFailure(t *testing.T) {
	refused := &transport.Error{Code: transport.CodeRefused, Step: transport.StepConnect, Retry: transport.RetryYes, Err: errors.New("refused")}
	badLogin := &transport.Error{Code: transport.CodeIMAPAuthFailed, Step: transport.StepAuth, Retry: transport.RetryNo, Err: errors.New("NO")}
	script := []error{refused, refused, badLogin, nil}
	dials := 0
	var states []State
	r := &Runner{
		Engine:   &Engine{Store: newMemStore()},
		Backoff:  []time.Duration{time.Millisecond},
		OnStatus: func(s Status) { states = append(states, s.State) },
		Dial: func(context.Context) (IdleConn, error) {
			err := script[dials]
			dials++
			return nil, err
		},
	}
	err := r.Run(t.Context())
	if transport.CodeOf(err) != transport.CodeIMAPAuthFailed || dials != 3 {
		t.Fatalf("Run = %v after %d dials", err, dials)
	}
	want := []State{StateOffline, StateOffline, StateError}
	if len(states) != len(want) || states[0] != want[0] || states[1] != want[1] || states[2] != want[2] {
		t.Fatalf("states %v, want %v", states, want)
	}
	if r.Status().State != StateError || r.Status().Err == nil {
		t.Errorf("status %+v", r.Status())
	}
}
