package pop3

import (
	"context"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"wren/transport"
)

func shortTimeouts(o transport.Options) transport.Options {
	o.Timeouts.Greeting = 300 * time.Millisecond
	o.Timeouts.Command = 300 * time.Millisecond
	o.Timeouts.TLS = 300 * time.Millisecond
	return o
}

// within fails if f takes much longer than the timeouts allow.
func within(t *testing.T, d time.Duration, f func()) {
	t.Helper()
	start := time.Now()
	f()
	if took := time.Since(start); took > d {
		t.Errorf("took %v, want under %v", took, d)
	}
}

func TestSilentServer(t *testing.T) {
	for _, tc := range []struct {
		sec  transport.Security
		step transport.Step
	}{
		{transport.SecuritySTARTTLS, transport.StepGreeting},
		{transport.SecurityPlain, transport.StepGreeting},
	} {
		t.Run(tc.sec.String(), func(t *testing.T) {
			f := newFake(t, tc.sec)
			f.greeting = "-"
			ep, opts := f.start()
			within(t, 3*time.Second, func() {
				_, err := Dial(t.Context(), ep, shortTimeouts(opts))
				te := wantCode(t, err, transport.CodeReadTimeout)
				if te.Step != tc.step {
					t.Errorf("step = %s, want %s", te.Step, tc.step)
				}
			})
		})
	}
}

// A listener that accepts but never speaks TLS: the implicit-TLS handshake
// times out.
func TestSilentImplicitTLS(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, c)
	}()
	ep := transport.Endpoint{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: transport.SecurityTLS}
	within(t, 3*time.Second, func() {
		_, err := Dial(t.Context(), ep, shortTimeouts(transport.Options{}))
		te := wantCode(t, err, transport.CodeReadTimeout)
		if te.Step != transport.StepTLS {
			t.Errorf("step = %s, want tls", te.Step)
		}
	})
}

func TestSilentCommand(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.handlers["STAT"] = func(s *fsess, arg string) {} // never answers
	c := loggedIn(t, f)
	c.opts = shortTimeouts(c.opts)
	within(t, 3*time.Second, func() {
		_, _, err := c.Stat(t.Context())
		wantCode(t, err, transport.CodeReadTimeout)
	})
	wantCode(t, c.Noop(t.Context()), transport.CodeClosed)
}

// A body that stalls mid-way fails after the command timeout, not the
// (longer) transfer timeout.
func TestRetrStalls(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{"x\r\n"}
	f.handlers["RETR"] = func(s *fsess, arg string) { s.send("+OK\r\nSubject: slow\r\n") }
	c := loggedIn(t, f)
	c.opts = shortTimeouts(c.opts)
	r, err := c.Retr(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	within(t, 3*time.Second, func() {
		_, err = io.ReadAll(r)
		wantCode(t, err, transport.CodeReadTimeout)
	})
}

func TestContextCancel(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.handlers["STAT"] = func(s *fsess, arg string) {}
	c := loggedIn(t, f)
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	within(t, time.Second, func() {
		_, _, err := c.Stat(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Stat = %v, want it to wrap context.Canceled", err)
		}
		if _, ok := transport.As(err); !ok {
			t.Errorf("err = %T, want *transport.Error", err)
		}
	})
	done, cancel2 := context.WithCancel(t.Context())
	cancel2()
	if err := c.Noop(done); err == nil {
		t.Error("Noop with a cancelled context succeeded")
	}
}

func TestContextDeadlineDuringRetr(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{"x\r\n"}
	f.handlers["RETR"] = func(s *fsess, arg string) { s.send("+OK\r\npartial\r\n") }
	c := loggedIn(t, f)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	r, err := c.Retr(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	within(t, time.Second, func() {
		_, err = io.ReadAll(r)
		wantCode(t, err, transport.CodeReadTimeout)
	})
}
