package transport_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"wren/transport"
	"wren/transport/testcert"
)

func TestClassifyTypes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		server string
		step   transport.Step
		want   transport.Code
	}{
		{"dns not found", &net.DNSError{Err: "no such host", Name: "smtp.gmial.com", IsNotFound: true}, "smtp.gmial.com:587", transport.StepConnect, transport.CodeHostNotFound},
		{"dns temporary", &net.DNSError{Err: "server misbehaving", Name: "x", IsTemporary: true}, "x:587", transport.StepConnect, transport.CodeDNSTemporary},
		{"refused", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "h:587", transport.StepConnect, transport.CodeRefused},
		{"reset", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "h:587", transport.StepData, transport.CodeReset},
		{"broken pipe", &net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}, "h:587", transport.StepData, transport.CodeBrokenPipe},
		{"unreachable", &net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}, "h:587", transport.StepConnect, transport.CodeUnreachable},
		{"connect timeout", &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}, "h:587", transport.StepConnect, transport.CodeConnectTimeout},
		{"port 25 blocked", &net.OpError{Op: "dial", Err: os.ErrDeadlineExceeded}, "h:25", transport.StepConnect, transport.CodePort25Blocked},
		{"plain greeting awaited on 993", os.ErrDeadlineExceeded, "h:993", transport.StepGreeting, transport.CodePlainToTLSPort},
		{"silent server", os.ErrDeadlineExceeded, "h:143", transport.StepGreeting, transport.CodeReadTimeout},
		{"go-imap lost type", errors.New("got error before greeting: in response: cannot read tag: read tcp: i/o timeout"), "h:143", transport.StepGreeting, transport.CodeReadTimeout},
		{"eof", io.ErrUnexpectedEOF, "h:143", transport.StepCommand, transport.CodeClosed},
		{"missing port", &net.AddrError{Err: "missing port in address", Addr: "h"}, "h", transport.StepConnect, transport.CodeBadSettings},
		{"wrong host", &tls.CertificateVerificationError{Err: x509.HostnameError{Certificate: &x509.Certificate{}, Host: "mail.example.org"}}, "h:993", transport.StepTLS, transport.CodeCertWrongHost},
		{"unknown ca", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, "h:993", transport.StepTLS, transport.CodeCertUnknownCA},
		{"expired", x509.CertificateInvalidError{Reason: x509.Expired, Detail: "current time 2026-11-28T17:29:54Z is after 2026-11-27T17:29:54Z"}, "h:993", transport.StepTLS, transport.CodeCertExpired},
		{"clock wrong", x509.CertificateInvalidError{Reason: x509.Expired, Detail: "current time 2001-01-01T00:00:00Z is before 2026-11-27T17:29:54Z"}, "h:993", transport.StepTLS, transport.CodeCertNotYetValid},
		{"old tls", &net.OpError{Op: "remote error", Err: errors.New("tls: protocol version not supported")}, "h:993", transport.StepTLS, transport.CodeTLSVersion},
		{"handshake cut by reset", &net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "h:993", transport.StepTLS, transport.CodeTLSVersion},
		{"handshake cut by eof", fmt.Errorf("tls handshake: %w", io.EOF), "h:993", transport.StepTLS, transport.CodeTLSVersion},
		{"client cert", &net.OpError{Op: "remote error", Err: errors.New("tls: certificate required")}, "h:993", transport.StepTLS, transport.CodeClientCertRequired},
		{"oversized", fmt.Errorf("literal: %w", transport.ErrTooLarge), "h:993", transport.StepFetch, transport.CodeWrongProtocol},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := transport.Classify(fmt.Errorf("wrapped: %w", tc.err), transport.ProtoIMAP, tc.server, tc.step)
			if got := transport.CodeOf(err); got != tc.want {
				t.Fatalf("code = %s, want %s (%v)", got, tc.want, err)
			}
			if !errors.Is(err, tc.err) {
				t.Errorf("classified error does not wrap the original")
			}
			if !errors.Is(err, &transport.Error{Code: tc.want}) {
				t.Errorf("errors.Is on the code fails")
			}
			info, ok := transport.Lookup(tc.want)
			if !ok {
				t.Fatalf("code %s not in the catalog", tc.want)
			}
			te, _ := transport.As(err)
			if te.Retry != info.Retry {
				t.Errorf("Retry = %v, catalog says %v", te.Retry, info.Retry)
			}
		})
	}
}

func TestClassifyKeepsExistingError(t *testing.T) {
	orig := &transport.Error{Code: transport.CodeMaybeSent, MaybeSent: true}
	err := transport.Classify(fmt.Errorf("ctx: %w", orig), transport.ProtoSMTP, "h:465", transport.StepData)
	te, _ := transport.As(err)
	if te != orig || te.Protocol != transport.ProtoSMTP || te.Server != "h:465" {
		t.Fatalf("got %+v, want the original error with protocol and server filled in", te)
	}
}

func TestDialRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	_, err = transport.Dial(t.Context(), transport.Endpoint{Host: "127.0.0.1", Port: port, Security: transport.SecurityTLS}, transport.Options{})
	if got := transport.CodeOf(err); got != transport.CodeRefused {
		t.Fatalf("code = %s (%v), want NET-03", got, err)
	}
}

func TestDialTLSToPlaintextPort(t *testing.T) {
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
		c.Write([]byte("* OK IMAP4rev1 ready\r\n"))
		io.Copy(io.Discard, c)
		c.Close()
	}()
	ep := transport.Endpoint{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: transport.SecurityTLS}
	_, err = transport.Dial(t.Context(), ep, transport.Options{})
	if got := transport.CodeOf(err); got != transport.CodeTLSToPlainPort {
		t.Fatalf("code = %s (%v), want TLS-01", got, err)
	}
}

func TestDialVerifiesCertificate(t *testing.T) {
	pair := testcert.New(t)
	ep := transport.Endpoint{Host: "127.0.0.1", Port: handshakeServer(t, pair), Security: transport.SecurityTLS}
	if _, err := transport.Dial(t.Context(), ep, transport.Options{}); transport.CodeOf(err) != transport.CodeCertUnknownCA {
		t.Fatalf("system roots: got %v, want TLS-03", err)
	}
	c, err := transport.Dial(t.Context(), ep, transport.Options{RootCAs: pair.Roots})
	if err != nil {
		t.Fatalf("with the test CA: %v", err)
	}
	c.Close()
	ep.Host = "localhost" // in the certificate too
	if c, err = transport.Dial(t.Context(), ep, transport.Options{RootCAs: pair.Roots}); err != nil {
		t.Fatalf("localhost: %v", err)
	}
	c.Close()
}

func TestEndpointValidate(t *testing.T) {
	_, err := transport.Dial(t.Context(), transport.Endpoint{Host: "h", Port: 0, Security: transport.SecurityTLS}, transport.Options{})
	if got := transport.CodeOf(err); got != transport.CodeBadSettings {
		t.Fatalf("code = %s, want NET-11", got)
	}
	for _, s := range []string{"tls", "starttls", "plain"} {
		sec, err := transport.ParseSecurity(s)
		if err != nil || sec.String() != s {
			t.Errorf("ParseSecurity(%q) = %v, %v", s, sec, err)
		}
	}
	if _, err := transport.ParseSecurity("maybe"); err == nil {
		t.Error("ParseSecurity accepted nonsense")
	}
}

func TestPinnedCertificate(t *testing.T) {
	pair := testcert.New(t)
	ep := transport.Endpoint{Host: "127.0.0.1", Port: handshakeServer(t, pair), Security: transport.SecurityTLS}
	pin := transport.Fingerprint(pair.Leaf)
	c, err := transport.Dial(t.Context(), ep, transport.Options{Pin: pin})
	if err != nil {
		t.Fatalf("pinned key refused: %v", err)
	}
	c.Close()
	other := testcert.New(t)
	_, err = transport.Dial(t.Context(), ep, transport.Options{Pin: transport.Fingerprint(other.Leaf)})
	if transport.CodeOf(err) != transport.CodeCertChanged {
		t.Fatalf("wrong pin: got %v, want TLS-12", err)
	}
	// A pin does not weaken the normal check: a verifiable chain still passes.
	c, err = transport.Dial(t.Context(), ep, transport.Options{Pin: transport.Fingerprint(other.Leaf), RootCAs: pair.Roots})
	if err != nil {
		t.Fatalf("valid chain with another pin: %v", err)
	}
	c.Close()
}

func TestDialContextHook(t *testing.T) {
	pair := testcert.NewFor(t, "imap.example.test")
	ln, err := tls.Listen("tcp", "127.0.0.1:0", pair.Server)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	var asked string
	opts := transport.Options{RootCAs: pair.Roots, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		asked = addr
		var d net.Dialer
		return d.DialContext(ctx, network, ln.Addr().String())
	}}
	c, err := transport.Dial(t.Context(), transport.Endpoint{Host: "imap.example.test", Port: 993, Security: transport.SecurityTLS}, opts)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if asked != "imap.example.test:993" {
		t.Fatalf("hook asked for %q", asked)
	}
}

// handshakeServer serves TLS handshakes with pair's certificate until the
// test ends and returns its port.
func handshakeServer(t *testing.T, pair testcert.Pair) int {
	t.Helper()
	ln, err := tls.Listen("tcp", "127.0.0.1:0", pair.Server)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.(*tls.Conn).Handshake()
			c.Close()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port
}
