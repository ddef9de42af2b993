package imap

import (
	"bytes"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"wren/transport"
)

// streamForever answers a command with head and then up to 512 MiB of
// filler, as a hostile server would; it stops when the client hangs up.
func streamForever(head string, filler byte) func(s *fsess, tag, args string) {
	return func(s *fsess, tag, _ string) {
		if !s.send(head) {
			return
		}
		chunk := bytes.Repeat([]byte{filler}, 64<<10)
		for range 512 << 20 / len(chunk) {
			s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if _, err := s.conn.Write(chunk); err != nil {
				return
			}
		}
	}
}

// A 2 GiB literal announced in a LIST reply and a line without end both
// fail cleanly with ErrTooLarge, without the client holding them.
func TestHugeResponsesBounded(t *testing.T) {
	for _, tc := range []struct{ name, head string }{
		{"literal", "* LIST () \"/\" {2147483648}\r\n"},
		{"line", "* LIST () \"/\" aaaa"},
		{"many literals", "* LIST () \"/\" {900000}\r\n" + strings.Repeat("x", 900000) + " {900000}\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, true)
			f.handlers["LIST"] = streamForever(tc.head, 'a')
			ep, opts := f.start()
			c, err := Dial(t.Context(), ep, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err = c.List(t.Context())
			runtime.ReadMemStats(&after)
			if !errors.Is(err, transport.ErrTooLarge) || transport.CodeOf(err) != transport.CodeWrongProtocol {
				t.Fatalf("got %v, want NET-12 wrapping ErrTooLarge", err)
			}
			if grown := after.TotalAlloc - before.TotalAlloc; grown > 128<<20 {
				t.Errorf("allocated %d MiB while refusing the response", grown>>20)
			}
			// The session is over; later calls say so without hanging.
			if _, err := c.List(t.Context()); err == nil {
				t.Error("List succeeded on a dead session")
			}
		})
	}
}

// A server that goes silent yields a timeout, never a hang: before the
// greeting (STARTTLS and TLS), and in the middle of a command.
func TestSilentServer(t *testing.T) {
	silent := func(s *fsess) bool {
		s.line()
		time.Sleep(3 * time.Second)
		return false
	}
	for _, implicit := range []bool{false, true} {
		name := map[bool]string{false: "starttls greeting", true: "tls greeting"}[implicit]
		t.Run(name, func(t *testing.T) {
			f := newFake(t, implicit)
			f.greet = silent
			ep, opts := f.start()
			opts.Timeouts.Greeting = 300 * time.Millisecond
			start := time.Now()
			_, err := Dial(t.Context(), ep, opts)
			if transport.CodeOf(err) != transport.CodeReadTimeout {
				t.Fatalf("got %v, want NET-09", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
	t.Run("command", func(t *testing.T) {
		f := newFake(t, true)
		f.handlers["NOOP"] = func(*fsess, string, string) {}
		ep, opts := f.start()
		opts.Timeouts.Command = 300 * time.Millisecond
		c, err := Dial(t.Context(), ep, opts)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		start := time.Now()
		err = c.Noop(t.Context())
		if transport.CodeOf(err) != transport.CodeReadTimeout {
			t.Fatalf("got %v, want NET-09", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("took %v", d)
		}
	})
}

// An untagged ALERT after login reaches Alerts(); a mid-session BYE
// reaches the failing command's error.
func TestAlertAndBye(t *testing.T) {
	f := newFake(t, true)
	f.handlers["AUTHENTICATE"] = func(s *fsess, tag, _ string) {
		s.send("* OK [ALERT] Your mailbox is almost full\r\n" + tag + " OK logged in\r\n")
	}
	f.handlers["NOOP"] = func(s *fsess, tag, _ string) {
		s.send("* BYE Disconnected for inactivity.\r\n")
		s.conn.Close()
	}
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), "u", "p"); err != nil {
		t.Fatal(err)
	}
	select {
	case a := <-c.Alerts():
		if a.Text != "Your mailbox is almost full" {
			t.Errorf("alert %q", a.Text)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("alert not delivered")
	}
	err = c.Noop(t.Context())
	te, ok := transport.As(err)
	if !ok || te.Code != transport.CodeIMAPBye || te.ServerText != "Disconnected for inactivity." {
		t.Fatalf("got %v, want IMAP-26 with the BYE text", err)
	}
	if _, open := <-c.Alerts(); open {
		t.Error("Alerts not closed after the connection ended")
	}
}

func TestLoginErrors(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  transport.Code
	}{
		{"NO [AUTHENTICATIONFAILED] Authentication failed.", transport.CodeIMAPAuthFailed},
		{"NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)", transport.CodeIMAPAppPassword},
		{"NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)", transport.CodeIMAPWebLogin},
		{"NO [ALERT] Your account is not enabled for IMAP use. (Failure)", transport.CodeIMAPDisabled},
		{"NO [UNAVAILABLE] Temporary authentication failure.", transport.CodeIMAPUnavailable},
		{"NO [AUTHORIZATIONFAILED] no", transport.CodeIMAPAuthorization},
		{"NO [EXPIRED] expired", transport.CodeIMAPExpired},
		{"NO [PRIVACYREQUIRED] Plaintext authentication disallowed", transport.CodeIMAPPrivacyRequired},
		{"NO [CONTACTADMIN] call us", transport.CodeIMAPContactAdmin},
		{"NO LOGIN failed.", transport.CodeIMAPAuthFailed},
		{"NO Basic authentication is disabled.", transport.CodeIMAPBasicAuthOff},
	} {
		t.Run(tc.reply, func(t *testing.T) {
			f := newFake(t, true)
			f.handlers["AUTHENTICATE"] = func(s *fsess, tag, _ string) { s.send(tag + " " + tc.reply + "\r\n") }
			ep, opts := f.start()
			c, err := Dial(t.Context(), ep, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			err = c.Login(t.Context(), "u", "p")
			te, ok := transport.As(err)
			if !ok || te.Code != tc.want {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
			_, text, _ := strings.Cut(tc.reply, "] ")
			if strings.HasPrefix(te.ServerCode, "NO") && strings.Contains(tc.reply, "]") && te.ServerText != text {
				t.Errorf("ServerText %q, want %q", te.ServerText, text)
			}
		})
	}
}

func TestCommandErrorCodes(t *testing.T) {
	for _, tc := range []struct {
		typ, code string
		step      transport.Step
		want      transport.Code
	}{
		{"NO", "OVERQUOTA", transport.StepAppend, transport.CodeIMAPOverQuota},
		{"NO", "OVERQUOTA", transport.StepFetch, transport.CodeIMAPThrottled},
		{"NO", "TRYCREATE", transport.StepAppend, transport.CodeIMAPTryCreate},
		{"NO", "NONEXISTENT", transport.StepCommand, transport.CodeIMAPNonexistent},
		{"NO", "ALREADYEXISTS", transport.StepCommand, transport.CodeIMAPAlreadyExists},
		{"NO", "NOPERM", transport.StepCommand, transport.CodeIMAPNoPerm},
		{"NO", "INUSE", transport.StepCommand, transport.CodeIMAPInUse},
		{"NO", "CANNOT", transport.StepCommand, transport.CodeIMAPCannot},
		{"NO", "LIMIT", transport.StepCommand, transport.CodeIMAPCannot},
		{"NO", "TOOBIG", transport.StepAppend, transport.CodeIMAPCannot},
		{"NO", "SERVERBUG", transport.StepCommand, transport.CodeIMAPServerBug},
		{"NO", "CORRUPTION", transport.StepCommand, transport.CodeIMAPServerBug},
		{"NO", "CLIENTBUG", transport.StepCommand, transport.CodeIMAPServerBug},
		{"BAD", "", transport.StepCommand, transport.CodeIMAPServerBug},
		{"NO", "EXPUNGEISSUED", transport.StepFetch, transport.CodeIMAPExpungeIssued},
		{"BYE", "", transport.StepCommand, transport.CodeIMAPBye},
		{"BYE", "", transport.StepGreeting, transport.CodeIMAPRefused},
	} {
		e := &imapError{typ: tc.typ, code: tc.code}
		if got := imapCode(e.err(), tc.step); got != tc.want {
			t.Errorf("%s [%s] at %s: %s, want %s", tc.typ, tc.code, tc.step, got, tc.want)
		}
	}
}
