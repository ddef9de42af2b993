package pop3

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"wren/transport"
)

// endless writes filler without a line end until the client hangs up.
func endless(s *fsess, prefix string) {
	s.send(prefix)
	chunk := strings.Repeat("A", 4096)
	s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	for {
		if _, err := s.conn.Write([]byte(chunk)); err != nil {
			return
		}
	}
}

func TestEndlessGreeting(t *testing.T) {
	for _, sec := range []transport.Security{transport.SecuritySTARTTLS, transport.SecurityTLS} {
		t.Run(sec.String(), func(t *testing.T) {
			f := newFake(t, sec)
			f.greetFn = func(s *fsess) { endless(s, "+OK ") }
			ep, opts := f.start()
			_, err := Dial(t.Context(), ep, opts)
			wantCode(t, err, transport.CodeWrongProtocol)
			if !errors.Is(err, transport.ErrTooLarge) {
				t.Errorf("err = %v, want ErrTooLarge", err)
			}
		})
	}
}

func TestEndlessReplyLine(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.handlers["STAT"] = func(s *fsess, arg string) { endless(s, "+OK ") }
	c := loggedIn(t, f)
	_, _, err := c.Stat(t.Context())
	wantCode(t, err, transport.CodeWrongProtocol)
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	wantCode(t, c.Noop(t.Context()), transport.CodeClosed)
}

func TestEndlessListing(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.handlers["UIDL"] = func(s *fsess, arg string) {
		s.send("+OK\r\n")
		s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		for i := 1; ; i++ {
			if _, err := fmt.Fprintf(s.conn, "%d uid-%d\r\n", i, i); err != nil {
				return
			}
		}
	}
	c := loggedIn(t, f)
	c.SetLimits(Limits{MaxListing: 1000})
	_, err := c.UIDL(t.Context())
	wantCode(t, err, transport.CodeWrongProtocol)
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestEndlessCAPA(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.handlers["CAPA"] = func(s *fsess, arg string) {
		s.send("+OK\r\n")
		s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		for {
			if _, err := s.conn.Write([]byte("X-CAP\r\n")); err != nil {
				return
			}
		}
	}
	ep, opts := f.start()
	_, err := Dial(t.Context(), ep, opts)
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestLimitsDefaults(t *testing.T) {
	if got := (Limits{}).withDefaults(); got != DefaultLimits {
		t.Errorf("zero Limits = %+v, want the defaults %+v", got, DefaultLimits)
	}
	got := (Limits{MaxListing: 5}).withDefaults()
	if got.MaxListing != 5 || got.MaxMessage != DefaultLimits.MaxMessage {
		t.Errorf("Limits{MaxListing: 5} = %+v", got)
	}
}
