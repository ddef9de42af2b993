package verify

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"wren/account"
	"wren/transport"
	"wren/transport/testcert"
)

func opts(cert testcert.Pair) transport.Options {
	return transport.Options{RootCAs: cert.Roots, Timeouts: fastTimeouts}
}

func TestProbeIMAPBothModes(t *testing.T) {
	cert := testcert.New(t)
	for _, sec := range []transport.Security{transport.SecurityTLS, transport.SecuritySTARTTLS} {
		t.Run(sec.String(), func(t *testing.T) {
			f, s := newIMAPFake(t, cert, sec, "alice", "pw")
			res, err := Probe(context.Background(), s, opts(cert))
			if err != nil {
				t.Fatalf("probe: %v", err)
			}
			if res.Outcome != OutcomeOK || !res.TLS {
				t.Fatalf("outcome %s tls %v", res.Outcome, res.TLS)
			}
			if !slices.Contains(res.AuthMechs, "PLAIN") || res.LoginDisabled {
				t.Errorf("auth %v logindisabled %v", res.AuthMechs, res.LoginDisabled)
			}
			if slices.Contains(res.Caps, "STARTTLS") {
				t.Errorf("capabilities from after TLS still offer STARTTLS: %v", res.Caps)
			}
			if !slices.Contains(res.Caps, "IMAP4rev1") {
				t.Errorf("caps %v", res.Caps)
			}
			if n := f.logins.Load(); n != 0 {
				t.Errorf("probe made %d login attempts", n)
			}
		})
	}
}

func TestProbeSMTPBothModes(t *testing.T) {
	cert := testcert.New(t)
	for _, sec := range []transport.Security{transport.SecurityTLS, transport.SecuritySTARTTLS} {
		t.Run(sec.String(), func(t *testing.T) {
			f, s := newSMTPFake(t, cert, sec, "alice", "pw")
			res, err := Probe(context.Background(), s, opts(cert))
			if err != nil {
				t.Fatalf("probe: %v", err)
			}
			if !res.TLS || !slices.Contains(res.AuthMechs, "PLAIN") || res.MaxSize != 10<<20 {
				t.Errorf("tls %v auth %v size %d", res.TLS, res.AuthMechs, res.MaxSize)
			}
			if f.auths.Load() != 0 || f.mails.Load() != 0 {
				t.Errorf("probe sent AUTH (%d) or MAIL FROM (%d)", f.auths.Load(), f.mails.Load())
			}
		})
	}
}

// pop3Script is a POP3 server over the scripted harness: greeting, CAPA
// (with or without STLS) and QUIT.
func pop3Script(caps ...string) func(s *scripted, c net.Conn, r *bufio.Reader) {
	return func(s *scripted, c net.Conn, r *bufio.Reader) {
		send(c, "+OK ready")
		for {
			line, ok := s.read(r)
			if !ok {
				return
			}
			switch strings.ToUpper(line) {
			case "CAPA":
				send(c, append(append([]string{"+OK"}, caps...), ".")...)
			case "QUIT":
				send(c, "+OK bye")
				return
			default:
				send(c, "-ERR no")
			}
		}
	}
}

func TestProbePOP3Plain(t *testing.T) {
	// Plaintext is probed only because the caller chose it; the result
	// says the session was not encrypted.
	sc, port := newScripted(t, pop3Script("USER", "SASL PLAIN", "UIDL"))
	res, err := Probe(context.Background(), server(account.POP3, port, transport.SecurityPlain), transport.Options{Timeouts: fastTimeouts})
	if err != nil {
		t.Fatal(err)
	}
	if res.TLS || !slices.Contains(res.AuthMechs, "PLAIN") || !slices.Contains(res.Caps, "UIDL") {
		t.Errorf("got %+v", res)
	}
	if got := sc.received(); got != "CAPA\nQUIT" {
		t.Errorf("client sent %q", got)
	}
}

func TestProbeSTARTTLSStripped(t *testing.T) {
	imapScript := func(s *scripted, c net.Conn, r *bufio.Reader) {
		send(c, "* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN AUTH=LOGIN] ready")
		for {
			line, ok := s.read(r)
			if !ok {
				return
			}
			tag, _, _ := strings.Cut(line, " ")
			send(c, tag+" BAD STARTTLS not supported.")
		}
	}
	smtpScript := func(s *scripted, c net.Conn, r *bufio.Reader) {
		send(c, "220 localhost ESMTP")
		for {
			line, ok := s.read(r)
			if !ok {
				return
			}
			switch {
			case strings.HasPrefix(strings.ToUpper(line), "EHLO"):
				send(c, "250-localhost", "250-AUTH PLAIN LOGIN", "250 SIZE 1000")
			case strings.ToUpper(line) == "QUIT":
				send(c, "221 bye")
				return
			default:
				send(c, "502 5.5.1 Unrecognized command")
			}
		}
	}
	cases := []struct {
		name   string
		proto  account.Protocol
		script func(*scripted, net.Conn, *bufio.Reader)
	}{
		{"imap", account.IMAP, imapScript},
		{"pop3", account.POP3, pop3Script("USER", "SASL PLAIN")},
		{"smtp", account.SMTP, smtpScript},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, port := newScripted(t, tc.script)
			s := server(tc.proto, port, transport.SecuritySTARTTLS)
			res, err := Probe(context.Background(), s, transport.Options{Timeouts: fastTimeouts})
			var pe *ProbeError
			if !errors.As(err, &pe) || res.Outcome != OutcomeNoSTARTTLS {
				t.Fatalf("outcome %s, err %v", res.Outcome, err)
			}
			if transport.CodeOf(err) != transport.CodeNoSTARTTLS {
				t.Errorf("code %s", transport.CodeOf(err))
			}
			assertNoCredential(t, sc.received(), "")
		})
	}
}

// assertNoCredential fails if a client line is a login command or holds
// the password.
func assertNoCredential(t *testing.T, received, password string) {
	t.Helper()
	for _, line := range strings.Split(received, "\n") {
		u := strings.ToUpper(line)
		for _, cmd := range []string{"LOGIN", "AUTHENTICATE", "AUTH ", "USER ", "PASS ", "APOP", "MAIL FROM"} {
			if strings.Contains(u, cmd) {
				t.Errorf("client sent %q", line)
			}
		}
		if password != "" && strings.Contains(line, password) {
			t.Errorf("client sent the password: %q", line)
		}
	}
}

func TestProbeUntrustedCertificate(t *testing.T) {
	served := testcert.New(t)
	trusted := testcert.New(t) // another CA: the server's is unknown
	_, s := newIMAPFake(t, served, transport.SecurityTLS, "alice", "pw")
	res, err := Probe(context.Background(), s, opts(trusted))
	if err == nil || res.Outcome != OutcomeTLSUntrusted || !res.Outcome.CertProblem() {
		t.Fatalf("outcome %s err %v", res.Outcome, err)
	}
	if res.Cert == nil {
		t.Fatal("no certificate info")
	}
	want := transport.Fingerprint(served.Leaf)
	if res.Cert.Fingerprint != want || res.Cert.Subject != "CN=127.0.0.1" ||
		!slices.Contains(res.Cert.SANs, "127.0.0.1") || !strings.Contains(res.Cert.Issuer, "Wren test CA") ||
		!res.Cert.NotAfter.After(time.Now()) {
		t.Errorf("cert info %+v", res.Cert)
	}

	// Pinning that key (in the options or on the server) makes it usable.
	o := opts(trusted)
	o.Pin = want
	if res, err := Probe(context.Background(), s, o); err != nil || res.Outcome != OutcomeOK {
		t.Errorf("pinned in options: %v", err)
	}
	pinned := s
	pinned.Pin = want
	if _, err := Probe(context.Background(), pinned, opts(trusted)); err != nil {
		t.Errorf("pinned on the server: %v", err)
	}
	// Another key pinned: still refused, and reported as untrusted.
	o.Pin = transport.Fingerprint(trusted.Leaf)
	res, err = Probe(context.Background(), s, o)
	if err == nil || res.Outcome != OutcomeTLSUntrusted || res.Cert == nil || res.Cert.Fingerprint != want {
		t.Errorf("wrong pin: outcome %s cert %+v", res.Outcome, res.Cert)
	}
}

func TestProbeUntrustedCertificateSTARTTLS(t *testing.T) {
	served, trusted := testcert.New(t), testcert.New(t)
	for _, p := range []account.Protocol{account.IMAP, account.SMTP} {
		t.Run(string(p), func(t *testing.T) {
			var s account.Server
			if p == account.IMAP {
				_, s = newIMAPFake(t, served, transport.SecuritySTARTTLS)
			} else {
				_, s = newSMTPFake(t, served, transport.SecuritySTARTTLS)
			}
			res, err := Probe(context.Background(), s, opts(trusted))
			if err == nil || res.Outcome != OutcomeTLSUntrusted || res.Cert == nil ||
				res.Cert.Fingerprint != transport.Fingerprint(served.Leaf) {
				t.Fatalf("outcome %s cert %+v err %v", res.Outcome, res.Cert, err)
			}
		})
	}
}

func TestProbeWrongName(t *testing.T) {
	cert := testcert.NewFor(t, "other.example.test")
	_, s := newSMTPFake(t, cert, transport.SecurityTLS)
	res, err := Probe(context.Background(), s, opts(cert))
	if err == nil || res.Outcome != OutcomeTLSName || res.Cert == nil ||
		!slices.Equal(res.Cert.SANs, []string{"other.example.test"}) {
		t.Fatalf("outcome %s cert %+v err %v", res.Outcome, res.Cert, err)
	}
}

func TestProbeProtocolMismatch(t *testing.T) {
	cert := testcert.New(t)
	for _, sec := range []transport.Security{transport.SecurityTLS, transport.SecuritySTARTTLS} {
		t.Run(sec.String(), func(t *testing.T) {
			// An SMTP server where IMAP was expected.
			f, s := newSMTPFake(t, cert, sec)
			s.Protocol = account.IMAP
			res, err := Probe(context.Background(), s, opts(cert))
			if err == nil || res.Outcome != OutcomeProtocolMismatch {
				t.Fatalf("outcome %s err %v", res.Outcome, err)
			}
			if f.auths.Load() != 0 {
				t.Error("AUTH reached the server")
			}
		})
	}
}

func TestProbeTimeout(t *testing.T) {
	// A server that accepts and never says a word.
	_, port := newScripted(t, func(_ *scripted, c net.Conn, _ *bufio.Reader) { io.Copy(io.Discard, c) })
	o := transport.Options{Timeouts: transport.Timeouts{Connect: time.Second, TLS: 300 * time.Millisecond,
		Greeting: 300 * time.Millisecond, Command: 300 * time.Millisecond}}
	for _, sec := range []transport.Security{transport.SecurityTLS, transport.SecuritySTARTTLS} {
		for _, p := range []account.Protocol{account.IMAP, account.POP3, account.SMTP} {
			t.Run(sec.String()+"/"+string(p), func(t *testing.T) {
				res, err := Probe(context.Background(), server(p, port, sec), o)
				if err == nil || res.Outcome != OutcomeTimeout {
					t.Fatalf("outcome %s err %v", res.Outcome, err)
				}
			})
		}
	}
}

func TestProbeRefused(t *testing.T) {
	ln := listen(t)
	port := portOf(ln)
	ln.Close()
	res, err := Probe(context.Background(), server(account.IMAP, port, transport.SecurityTLS), transport.Options{Timeouts: fastTimeouts})
	if err == nil || res.Outcome != OutcomeRefused || transport.CodeOf(err) != transport.CodeRefused {
		t.Fatalf("outcome %s err %v", res.Outcome, err)
	}
}

func TestProber(t *testing.T) {
	cert := testcert.New(t)
	_, good := newIMAPFake(t, cert, transport.SecurityTLS)
	p := Prober{Options: opts(cert)}
	if err := p.Probe(context.Background(), good); err != nil {
		t.Fatalf("usable server: %v", err)
	}
	bad := good
	bad.Security = transport.SecuritySTARTTLS // TLS port, plaintext expected: the greeting never comes
	p.Options.Timeouts.Greeting = 300 * time.Millisecond
	err := p.Probe(context.Background(), bad)
	var pe *ProbeError
	if !errors.As(err, &pe) || pe.Result.Outcome == OutcomeOK || transport.CodeOf(err) == "" {
		t.Fatalf("got %v", err)
	}
}

func TestProbeSTARTTLSRefusedAndPreauth(t *testing.T) {
	imapGreeting := func(greeting, starttls string) func(*scripted, net.Conn, *bufio.Reader) {
		return func(s *scripted, c net.Conn, r *bufio.Reader) {
			send(c, greeting)
			for {
				line, ok := s.read(r)
				if !ok {
					return
				}
				tag, _, _ := strings.Cut(line, " ")
				send(c, tag+" "+starttls)
			}
		}
	}
	smtp454 := func(s *scripted, c net.Conn, r *bufio.Reader) {
		send(c, "220 localhost ESMTP")
		for {
			line, ok := s.read(r)
			if !ok {
				return
			}
			if strings.HasPrefix(strings.ToUpper(line), "EHLO") {
				send(c, "250-localhost", "250-STARTTLS", "250 AUTH PLAIN")
				continue
			}
			send(c, "454 4.7.0 TLS not available due to temporary reason")
		}
	}
	cases := []struct {
		name   string
		proto  account.Protocol
		script func(*scripted, net.Conn, *bufio.Reader)
		want   Outcome
	}{
		{"imap-no", account.IMAP, imapGreeting("* OK [CAPABILITY IMAP4rev1 STARTTLS] ready", "NO do not begin TLS now."), OutcomeSTARTTLSFailed},
		{"imap-preauth", account.IMAP, imapGreeting("* PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] ready", "OK"), OutcomePreauthRejected},
		{"pop3-err", account.POP3, pop3Script("STLS", "USER"), OutcomeSTARTTLSFailed},
		{"smtp-454", account.SMTP, smtp454, OutcomeSTARTTLSFailed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, port := newScripted(t, tc.script)
			res, err := Probe(context.Background(), server(tc.proto, port, transport.SecuritySTARTTLS), transport.Options{Timeouts: fastTimeouts})
			if err == nil || res.Outcome != tc.want {
				t.Fatalf("outcome %s err %v", res.Outcome, err)
			}
			assertNoCredential(t, sc.received(), "")
		})
	}
}
