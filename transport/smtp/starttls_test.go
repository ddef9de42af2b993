package smtp

import (
	"errors"
	"strings"
	"testing"
	"time"

	"wren/transport"
)

func TestSTARTTLSNotOfferedSendsNoCredentials(t *testing.T) {
	f, ep := startFake(t, transport.SecuritySTARTTLS, func(s *session) {
		s.send("220 fake.test ESMTP")
		s.ehlo("AUTH PLAIN LOGIN", "SIZE 1000000")
		for l := s.read(); l != ""; l = s.read() {
			s.send("502 5.5.1 no")
		}
	})
	_, err := Dial(t.Context(), ep, f.options())
	wantCode(t, err, transport.CodeNoSTARTTLS)
	if l := sentAny(f.received(), "AUTH", "MAIL", "RCPT", "DATA"); l != "" {
		t.Fatalf("client sent %q on a connection without TLS", l)
	}
}

func TestSTARTTLSRefused(t *testing.T) {
	for _, tc := range []struct {
		reply string
		want  transport.Code
	}{
		{"454 4.7.0 TLS not available due to temporary reason", transport.CodeSTARTTLSTemporary},
		{"502 5.5.1 Unrecognized command", transport.CodeNoSTARTTLS},
		{"354 do something else", transport.CodeNoSTARTTLS},
	} {
		t.Run(tc.reply[:3], func(t *testing.T) {
			f, ep := startFake(t, transport.SecuritySTARTTLS, func(s *session) {
				s.send("220 fake.test ESMTP")
				s.ehlo("STARTTLS", "AUTH PLAIN")
				if s.read() == "STARTTLS" {
					s.send(tc.reply)
				}
				for l := s.read(); l != ""; l = s.read() {
					s.send("503 no")
				}
			})
			_, err := Dial(t.Context(), ep, f.options())
			te := wantCode(t, err, tc.want)
			if te.Step != transport.StepSTARTTLS {
				t.Errorf("step = %s, want starttls", te.Step)
			}
			if l := sentAny(f.received(), "AUTH", "MAIL"); l != "" {
				t.Fatalf("client sent %q after STARTTLS failed", l)
			}
		})
	}
}

// Bytes sent after "220 Ready" and before the handshake (a forged EHLO
// reply offering AUTH) must never be taken as the server's word.
func TestDataInjectedAfterSTARTTLSIgnored(t *testing.T) {
	f, ep := startFake(t, transport.SecuritySTARTTLS, func(s *session) {
		s.send("220 fake.test ESMTP")
		s.ehlo("STARTTLS")
		if s.read() != "STARTTLS" {
			return
		}
		s.conn.Write([]byte("220 Ready to start TLS\r\n250-evil.test\r\n250 AUTH PLAIN LOGIN\r\n"))
		if !s.startTLS() {
			return
		}
		s.ehlo("SIZE 1000") // the genuine, encrypted list offers no AUTH
		for l := s.read(); l != ""; l = s.read() {
			s.send("502 5.5.1 no")
		}
	})
	c, err := Dial(t.Context(), ep, f.options())
	if err == nil {
		// The injected bytes were dropped: login must see the real list.
		err = c.Login(t.Context(), "u", "secret")
		wantCode(t, err, transport.CodeSMTPNoAuth)
		c.Close()
	} else if te, ok := transport.As(err); !ok || (te.Step != transport.StepTLS && te.Step != transport.StepSTARTTLS && te.Step != transport.StepGreeting) {
		t.Fatalf("got %v, want a TLS-stage failure or a clean session", err)
	}
	if l := sentAny(f.received(), "AUTH"); l != "" {
		t.Fatalf("client sent %q based on injected data", l)
	}
}

func TestSilentServerTimesOut(t *testing.T) {
	f, ep := startFake(t, transport.SecuritySTARTTLS, func(s *session) {
		s.read() // never greets; returns when the client gives up
	})
	o := f.options()
	o.Timeouts.Greeting = 300 * time.Millisecond
	start := time.Now()
	_, err := Dial(t.Context(), ep, o)
	wantCode(t, err, transport.CodeReadTimeout)
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Dial took %v with a 300ms greeting timeout", d)
	}
}

// A plaintext greeting awaited on 465-style implicit TLS: the handshake
// fails because the server speaks SMTP in clear.
func TestTLSToPlaintextServer(t *testing.T) {
	f, ep := startFake(t, transport.SecuritySTARTTLS, func(s *session) {
		s.send("220 fake.test ESMTP")
		s.read()
	})
	ep.Security = transport.SecurityTLS
	_, err := Dial(t.Context(), ep, f.options())
	wantCode(t, err, transport.CodeTLSToPlainPort)
}

func TestUntrustedCertificate(t *testing.T) {
	f, ep := startFake(t, transport.SecurityTLS, func(s *session) {})
	o := f.options()
	o.RootCAs = nil // system roots do not know the test CA
	_, err := Dial(t.Context(), ep, o)
	te := wantCode(t, err, transport.CodeCertUnknownCA)
	if !strings.Contains(te.Error(), "unknown authority") {
		t.Errorf("error %q does not keep the x509 reason", te.Error())
	}
}

func TestPlaintextRefusesLogin(t *testing.T) {
	f, ep := startFake(t, transport.SecurityPlain, func(s *session) {
		s.send("220 fake.test ESMTP")
		s.ehlo("AUTH PLAIN LOGIN")
		for l := s.read(); l != ""; l = s.read() {
			s.send("221 bye")
			return
		}
	})
	c, err := Dial(t.Context(), ep, f.options())
	if err != nil {
		t.Fatal(err)
	}
	err = c.Login(t.Context(), "u", "secret")
	te := wantCode(t, err, transport.CodeSMTPEncryptionNeeded)
	if !errors.Is(te, ErrPlaintextAuth) {
		t.Errorf("error does not wrap ErrPlaintextAuth: %v", err)
	}
	c.Quit(t.Context())
	if l := sentAny(f.received(), "AUTH"); l != "" {
		t.Fatalf("client sent %q in plaintext", l)
	}
}
