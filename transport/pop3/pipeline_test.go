package pop3

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"wren/transport"
)

func manyMsgs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("Subject: m%d\r\n\r\nbody %d\r\n.dot line\r\n", i+1, i+1)
	}
	return out
}

func nums(from, to int) []MsgNum {
	var out []MsgNum
	for i := from; i <= to; i++ {
		out = append(out, MsgNum(i))
	}
	return out
}

// With PIPELINING the commands run ahead of the replies (the server finds
// the next ones already waiting): TOPs up to TopWindow at once, RETRs up
// to the smaller RetrWindow; every reply reaches fn in order,
// dot-unstuffed, and the session goes on.
func TestTopManyPipelined(t *testing.T) {
	const total = 600
	f := newFake(t, transport.SecurityTLS)
	f.msgs = manyMsgs(total)
	var ahead, maxAhead atomic.Int64
	watch := func(verb string) func(s *fsess, arg string) {
		return func(s *fsess, arg string) {
			if s.r.Buffered() > 0 {
				ahead.Add(1)
			}
			waiting, _ := s.r.Peek(s.r.Buffered())
			if n := int64(strings.Count(string(waiting), "\n")); n > maxAhead.Load() {
				maxAhead.Store(n)
			}
			s.retr(verb, arg)
		}
	}
	f.handlers["TOP"], f.handlers["RETR"] = watch("TOP"), watch("RETR")
	c := loggedIn(t, f)
	if !c.Pipelining() {
		t.Fatal("fake announces PIPELINING")
	}
	var got []string
	err := c.TopMany(t.Context(), nums(1, total), 0, func(n MsgNum, r io.Reader) error {
		b, err := io.ReadAll(r)
		got = append(got, fmt.Sprintf("%d=%s", n, b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != total || got[0] != "1=Subject: m1\r\n\r\n" || got[total-1] != "600=Subject: m600\r\n\r\n" {
		t.Fatalf("%d replies, first %q last %q", len(got), got[0], got[len(got)-1])
	}
	if ahead.Load() < total*2/3 {
		t.Errorf("only %d of %d TOPs found the next command waiting: not pipelined", ahead.Load(), total)
	}
	if m := maxAhead.Load(); m >= TopWindow || m <= RetrWindow {
		t.Errorf("%d TOPs waiting at once, want more than %d and fewer than the window of %d", m, RetrWindow, TopWindow)
	}
	maxAhead.Store(0)
	var whole []string
	err = c.RetrMany(t.Context(), nums(1, 200), func(n MsgNum, r io.Reader) error {
		b, err := io.ReadAll(r)
		whole = append(whole, string(b))
		return err
	})
	if err != nil || len(whole) != 200 || whole[2] != f.msgs[2] || whole[199] != f.msgs[199] {
		t.Fatalf("RetrMany: %d messages, %v", len(whole), err)
	}
	if m := maxAhead.Load(); m >= RetrWindow {
		t.Errorf("%d RETRs waiting at once, window is %d", m, RetrWindow)
	}
	if err := c.Noop(t.Context()); err != nil {
		t.Errorf("Noop after the pipelined runs: %v", err)
	}
}

// Without PIPELINING every command waits for the previous reply.
func TestTopManyLockstep(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.capaTLS = []string{"USER", "TOP", "UIDL"}
	f.msgs = manyMsgs(20)
	var ahead atomic.Int64
	f.handlers["TOP"] = func(s *fsess, arg string) {
		if s.r.Buffered() > 0 {
			ahead.Add(1)
		}
		s.retr("TOP", arg)
	}
	c := loggedIn(t, f)
	count := 0
	err := c.TopMany(t.Context(), nums(1, 20), 0, func(MsgNum, io.Reader) error { count++; return nil })
	if err != nil || count != 20 {
		t.Fatalf("TopMany: %d replies, %v", count, err)
	}
	if ahead.Load() != 0 {
		t.Errorf("%d commands sent before the previous reply without PIPELINING", ahead.Load())
	}
}

// A -ERR for one message, or an error from fn, stops the run after the
// replies in flight; the session stays in step.
func TestTopManyStops(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = manyMsgs(10)
	c := loggedIn(t, f)
	seen := 0
	err := c.TopMany(t.Context(), []MsgNum{1, 2, 42, 3, 4}, 0, func(MsgNum, io.Reader) error { seen++; return nil })
	wantCode(t, err, transport.CodePOPNoSuchMessage)
	if seen != 4 {
		t.Errorf("fn saw %d replies, want the 4 that exist (all were in flight)", seen)
	}
	stop := errors.New("enough")
	seen = 0
	err = c.RetrMany(t.Context(), nums(1, 10), func(n MsgNum, r io.Reader) error {
		seen++
		if n == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 2 {
		t.Fatalf("RetrMany = %v after %d replies, want fn's error after 2", err, seen)
	}
	if err := c.Noop(t.Context()); err != nil {
		t.Fatalf("Noop after a stopped run: %v", err)
	}
	if err := c.TopMany(t.Context(), []MsgNum{0}, 0, nil); !errors.Is(err, ErrBadArgument) {
		t.Errorf("message 0: %v, want ErrBadArgument", err)
	}
	if err := c.TopMany(t.Context(), []MsgNum{1}, -1, nil); !errors.Is(err, ErrBadArgument) {
		t.Errorf("-1 lines: %v, want ErrBadArgument", err)
	}
}

// Replies stay bounded: a message beyond MaxMessage ends the session with
// ErrTooLarge, however fn reads.
func TestRetrManyTooLarge(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{"Subject: small\r\n\r\nx\r\n", "Subject: big\r\n\r\n" + strings.Repeat("y", 5000) + "\r\n"}
	c := loggedIn(t, f)
	c.SetLimits(Limits{MaxMessage: 1000})
	err := c.RetrMany(t.Context(), nums(1, 2), func(MsgNum, io.Reader) error { return nil })
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("RetrMany = %v, want ErrTooLarge", err)
	}
	if err := c.Noop(t.Context()); err == nil {
		t.Error("session still usable after an oversized reply")
	}
}
