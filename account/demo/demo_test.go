package demo

import (
	"bytes"
	"errors"
	"log/slog"
	"net"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"go.uber.org/goleak"

	"wren/account"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/smtp"
)

// The pin alone is enough to trust the demo; with neither the pin nor the
// CA the certificate is refused.
func TestTrustIsExactlyTheDemoCertificate(t *testing.T) {
	d := start(t, Options{})
	if d.IMAP.Pin != d.Fingerprint || d.SMTP.Pin != d.Fingerprint || len(d.Fingerprint) != 64 {
		t.Fatalf("pins %q/%q, fingerprint %q", d.IMAP.Pin, d.SMTP.Pin, d.Fingerprint)
	}
	imapLogin(t, d, transport.Options{Pin: d.Fingerprint})

	_, err := imap.Dial(t.Context(), d.IMAP.Endpoint(), transport.Options{})
	if code := transport.CodeOf(err); code != transport.CodeCertUnknownCA {
		t.Fatalf("dial with system roots: %v (code %q), want %s", err, code, transport.CodeCertUnknownCA)
	}
	other := start(t, Options{})
	_, err = imap.Dial(t.Context(), d.IMAP.Endpoint(), transport.Options{Pin: other.Fingerprint})
	if !errors.Is(err, transport.ErrPinMismatch) || transport.CodeOf(err) != transport.CodeCertChanged {
		t.Fatalf("dial with another demo's pin: %v (code %q), want %s", err, transport.CodeOf(err), transport.CodeCertChanged)
	}
	_, err = imap.Dial(t.Context(), d.IMAP.Endpoint(), transport.Options{RootCAs: other.RootCAs})
	if transport.CodeOf(err) != transport.CodeCertUnknownCA {
		t.Fatalf("dial trusting another demo's CA: %v, want %s", err, transport.CodeCertUnknownCA)
	}
}

// Mail submitted to the demo address arrives in INBOX and shows up in IDLE;
// mail only to others is accepted and not delivered.
func TestSentMailArrivesInInbox(t *testing.T) {
	d := start(t, Options{})
	c := imapLogin(t, d, d.TransportOptions())
	mb, err := c.Select(t.Context(), "INBOX", false)
	if err != nil {
		t.Fatal(err)
	}
	s := smtpLogin(t, d)
	send(t, s, []string{"someone@example.org"}, "elsewhere", "not for the demo")
	send(t, s, []string{"someone@example.org", "Demo@Wren.Example"}, "hello-demo", "a note to myself")

	got := waitForSubject(t, c, "hello-demo", mb.Messages)
	if slices.Contains(got.Flags, goimap.FlagSeen) {
		t.Errorf("new mail flags %v: want unseen", got.Flags)
	}
	after, err := c.Select(t.Context(), "INBOX", true)
	if err != nil {
		t.Fatal(err)
	}
	if after.Messages != mb.Messages+1 {
		t.Errorf("INBOX has %d messages after two sends, want %d (only the one to the demo)", after.Messages, mb.Messages+1)
	}
}

func TestWrongPasswordRefused(t *testing.T) {
	d := start(t, Options{})
	c, err := imap.Dial(t.Context(), d.IMAP.Endpoint(), d.TransportOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), Address, "not-"+d.Password); transport.CodeOf(err) != transport.CodeIMAPAuthFailed {
		t.Errorf("IMAP login with a wrong password: %v (code %q), want %s", err, transport.CodeOf(err), transport.CodeIMAPAuthFailed)
	}

	s := smtpLogin(t, d) // a good session first, to prove the server answers
	s.Close()
	s2, err := smtpDial(t, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := s2.Login(t.Context(), Address, d.Password+"x"); transport.CodeOf(err) != transport.CodeSMTPAuthFailed {
		t.Errorf("SMTP login with a wrong password: %v (code %q), want %s", err, transport.CodeOf(err), transport.CodeSMTPAuthFailed)
	}
	if err := s2.Login(t.Context(), "someone@wren.example", d.Password); transport.CodeOf(err) != transport.CodeSMTPAuthFailed {
		t.Errorf("SMTP login as another user: %v, want %s", err, transport.CodeSMTPAuthFailed)
	}
	if err := c.Login(t.Context(), "someone@wren.example", d.Password); transport.CodeOf(err) != transport.CodeIMAPAuthFailed {
		t.Errorf("IMAP login as another user: %v, want %s", err, transport.CodeIMAPAuthFailed)
	}
}

// Nothing is accepted for delivery before AUTH.
func TestSubmissionNeedsLogin(t *testing.T) {
	d := start(t, Options{})
	s, err := smtpDial(t, d)
	if err != nil {
		t.Fatal(err)
	}
	msg := "From: " + Address + "\r\nTo: " + Address + "\r\nSubject: anon\r\n\r\nhi\r\n"
	_, err = s.Send(t.Context(), smtp.Envelope{From: Address, To: []string{Address}}, int64(len(msg)), strings.NewReader(msg), smtp.SendOptions{})
	if code := transport.CodeOf(err); code != transport.CodeSMTPAuthRequired {
		t.Fatalf("send without login: %v (code %q), want %s", err, code, transport.CodeSMTPAuthRequired)
	}
	c := imapLogin(t, d, d.TransportOptions())
	mb, err := c.Select(t.Context(), "INBOX", true)
	if err != nil {
		t.Fatal(err)
	}
	if int(mb.Messages) != countBy(Builtin())["inbox"] {
		t.Errorf("INBOX has %d messages after a refused send", mb.Messages)
	}
}

// Both servers listen on 127.0.0.1 and nowhere else.
func TestBindsLoopbackOnly(t *testing.T) {
	d := start(t, Options{})
	for _, s := range []account.Server{d.IMAP, d.SMTP} {
		if s.Host != "127.0.0.1" || s.Port == 0 || s.Security != transport.SecurityTLS {
			t.Fatalf("server %s: want 127.0.0.1, a port, tls", s)
		}
		conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.2", strconv.Itoa(s.Port)), 5*time.Second)
		if err == nil {
			conn.Close()
			t.Fatalf("%s also answers on 127.0.0.2", s)
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("dial 127.0.0.2:%d: %v, want connection refused", s.Port, err)
		}
	}
	for _, ln := range d.lns {
		if a := ln.Addr().(*net.TCPAddr); !a.IP.Equal(net.IPv4(127, 0, 0, 1)) {
			t.Errorf("listener on %s", a)
		}
	}
}

// Close cuts a client in the middle of IDLE and leaves no goroutine.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	d, err := Start(t.Context(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := imap.Dial(t.Context(), d.IMAP.Endpoint(), d.TransportOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), Address, d.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select(t.Context(), "INBOX", false); err != nil {
		t.Fatal(err)
	}
	s := smtpLogin(t, d)
	defer s.Close()
	idled := make(chan error, 1)
	go func() { idled <- c.Idle(t.Context(), nil) }()

	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-idled:
		if err == nil {
			t.Error("IDLE ended cleanly after the server closed; want a connection error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("IDLE still running 10 s after Close")
	}
	if err := d.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := imap.Dial(t.Context(), d.IMAP.Endpoint(), d.TransportOptions()); transport.CodeOf(err) != transport.CodeRefused {
		t.Errorf("dial after Close: %v, want %s", err, transport.CodeRefused)
	}
}

// The log says what happened and never carries the password or a body.
func TestLogsCarryNoSecrets(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	d := start(t, Options{Logger: logger})
	c := imapLogin(t, d, d.TransportOptions())
	mb, err := c.Select(t.Context(), "INBOX", false)
	if err != nil {
		t.Fatal(err)
	}
	s := smtpLogin(t, d)
	send(t, s, []string{Address}, "secret-body", "body-marker-7c1e")
	waitForSubject(t, c, "secret-body", mb.Messages)
	bad, _ := smtpDial(t, d)
	if bad != nil {
		bad.Login(t.Context(), Address, "wrong-"+d.Password)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "demo servers started") || !strings.Contains(out, "demo servers stopped") {
		t.Errorf("log lacks start and stop:\n%s", out)
	}
	for _, secret := range []string{d.Password, "body-marker-7c1e"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
}
