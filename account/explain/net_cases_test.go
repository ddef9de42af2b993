package explain_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"

	"wren/account/explain"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/smtp"
	"wren/transport/testcert"
)

// netCases produce every NET and TLS code through the real clients.
var netCases = []produced{
	{code: transport.CodeHostNotFound, op: explain.OpRead, run: func(t *testing.T) error {
		return imapWithDNS(t, "nosuch.wren.test")
	}},
	{code: transport.CodeDNSTemporary, op: explain.OpRead, run: func(t *testing.T) error {
		return imapWithDNS(t, "broken.wren.test")
	}},
	{code: transport.CodeRefused, op: explain.OpRead, run: func(t *testing.T) error {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		ln.Close() // nothing listens there any more
		_, err = pop3.Dial(t.Context(), local(port, transport.SecurityTLS), transport.Options{Timeouts: quick})
		return err
	}},
	{code: transport.CodeConnectTimeout, op: explain.OpSetup, run: func(t *testing.T) error {
		_, err := transport.Dial(t.Context(), transport.Endpoint{Host: "mail.wren.test", Port: 587,
			Security: transport.SecuritySTARTTLS}, blackhole())
		return err
	}},
	{code: transport.CodePort25Blocked, op: explain.OpSend, run: func(t *testing.T) error {
		_, err := smtp.Dial(t.Context(), transport.Endpoint{Host: "mail.wren.test", Port: 25,
			Security: transport.SecuritySTARTTLS}, blackhole())
		return err
	}},
	{code: transport.CodeUnreachable, op: explain.OpRead, run: func(t *testing.T) error {
		// Loopback always has a route, so the dialer reports what the
		// kernel says when there is none.
		o := transport.Options{Timeouts: quick, DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ENETUNREACH)}
		}}
		_, err := imap.Dial(t.Context(), transport.Endpoint{Host: "imap.wren.test", Port: 993, Security: transport.SecurityTLS}, o)
		return err
	}},
	{code: transport.CodeReset, op: explain.OpSend, run: func(t *testing.T) error {
		port := serve(t, nil, func(s *fsess) { s.reset() })
		_, err := smtp.Dial(t.Context(), local(port, transport.SecurityPlain), transport.Options{Timeouts: quick})
		return err
	}},
	{code: transport.CodeClosed, op: explain.OpRead, run: func(t *testing.T) error {
		port := serve(t, nil, func(s *fsess) {})
		_, err := pop3.Dial(t.Context(), local(port, transport.SecurityPlain), transport.Options{Timeouts: quick})
		return err
	}},
	{code: transport.CodeReadTimeout, op: explain.OpRead, run: func(t *testing.T) error {
		pair, opts := trusted(t)
		opts.Timeouts.Greeting = 300 * time.Millisecond
		port := serve(t, pair.Server, func(s *fsess) { s.drain() })
		_, err := imap.Dial(t.Context(), local(port, transport.SecurityTLS), opts)
		return err
	}},
	{code: transport.CodeBrokenPipe, op: explain.OpSend, run: func(t *testing.T) error {
		// The kernel's EPIPE is not reliably reproducible on loopback (a
		// closed peer gives a reset first), so the connection reports it
		// once the session has written far more than its commands: in the
		// middle of the message body.
		return smtpCase{body: strings.Repeat("a line of the message body\r\n", 4000), tune: func(o *transport.Options, ep *transport.Endpoint) {
			o.DialContext = pipeBreaker(32 << 10)
		}}.run(t)
	}},
	{code: transport.CodeBadSettings, op: explain.OpSetup, run: func(t *testing.T) error {
		_, err := smtp.Dial(t.Context(), transport.Endpoint{Host: "smtp.wren.test", Port: 0, Security: transport.SecurityTLS},
			transport.Options{Timeouts: quick})
		return err
	}},
	{code: transport.CodeWrongProtocol, op: explain.OpSend, run: func(t *testing.T) error {
		port := serve(t, nil, func(s *fsess) { s.reply("* OK [CAPABILITY IMAP4rev1] Dovecot ready."); s.drain() })
		_, err := smtp.Dial(t.Context(), local(port, transport.SecurityPlain), transport.Options{Timeouts: quick})
		return err
	}},

	{code: transport.CodeTLSToPlainPort, op: explain.OpRead, run: func(t *testing.T) error {
		port := serve(t, nil, func(s *fsess) { s.reply("+OK POP3 ready"); s.drain() })
		_, err := pop3.Dial(t.Context(), local(port, transport.SecurityTLS), transport.Options{Timeouts: quick})
		return err
	}},
	{code: transport.CodePlainToTLSPort, op: explain.OpSend, run: func(t *testing.T) error {
		// A TLS server waits for the ClientHello; the plaintext client
		// waits for a greeting. Port 465 is named so the classifier knows.
		opts := transport.Options{Timeouts: quick}
		opts.Timeouts.Greeting = 300 * time.Millisecond
		port := serve(t, nil, func(s *fsess) { s.drain() })
		opts.DialContext = redirect(port)
		_, err := smtp.Dial(t.Context(), transport.Endpoint{Host: "smtp.wren.test", Port: 465, Security: transport.SecurityPlain}, opts)
		return err
	}},
	{code: transport.CodeCertUnknownCA, op: explain.OpRead, run: func(t *testing.T) error {
		pair := testcert.New(t)
		other := testcert.New(t)
		port := serve(t, pair.Server, func(s *fsess) { s.drain() })
		_, err := imap.Dial(t.Context(), local(port, transport.SecurityTLS), transport.Options{RootCAs: other.Roots, Timeouts: quick})
		return err
	}},
	{code: transport.CodeCertWrongHost, op: explain.OpSend, run: func(t *testing.T) error {
		pair := testcert.NewFor(t, "other.example")
		port := serve(t, pair.Server, func(s *fsess) { s.drain() })
		_, err := smtp.Dial(t.Context(), local(port, transport.SecurityTLS), transport.Options{RootCAs: pair.Roots, Timeouts: quick})
		return err
	}},
	{code: transport.CodeCertExpired, op: explain.OpRead, run: func(t *testing.T) error {
		roots, conf := certValid(t, time.Now().Add(-72*time.Hour), time.Now().Add(-24*time.Hour))
		port := serve(t, conf, func(s *fsess) { s.drain() })
		_, err := pop3.Dial(t.Context(), local(port, transport.SecurityTLS), transport.Options{RootCAs: roots, Timeouts: quick})
		return err
	}},
	{code: transport.CodeCertNotYetValid, op: explain.OpRead, run: func(t *testing.T) error {
		roots, conf := certValid(t, time.Now().Add(24*time.Hour), time.Now().Add(72*time.Hour))
		port := serve(t, conf, func(s *fsess) { s.drain() })
		_, err := imap.Dial(t.Context(), local(port, transport.SecurityTLS), transport.Options{RootCAs: roots, Timeouts: quick})
		return err
	}},
	{code: transport.CodeTLSVersion, op: explain.OpSetup, run: func(t *testing.T) error {
		pair, opts := trusted(t)
		conf := pair.Server.Clone()
		conf.MinVersion, conf.MaxVersion = tls.VersionTLS10, tls.VersionTLS11
		port := serve(t, conf, func(s *fsess) { s.drain() })
		_, err := transport.Dial(t.Context(), local(port, transport.SecurityTLS), opts)
		return err
	}},
	{code: transport.CodeClientCertRequired, op: explain.OpSetup, run: func(t *testing.T) error {
		// With TLS 1.3 the refusal arrives after the handshake, as the
		// first thing read: the greeting.
		pair, opts := trusted(t)
		conf := pair.Server.Clone()
		conf.ClientAuth = tls.RequireAnyClientCert
		port := serve(t, conf, func(s *fsess) { s.drain() })
		_, err := smtp.Dial(t.Context(), local(port, transport.SecurityTLS), opts)
		return err
	}},
	{code: transport.CodeNoSTARTTLS, op: explain.OpSend, run: func(t *testing.T) error {
		return smtpCase{starttls: true, ehlo: []string{"AUTH PLAIN"}}.run(t)
	}},
	{code: transport.CodeSTARTTLSTemporary, op: explain.OpSend, run: func(t *testing.T) error {
		return smtpCase{starttls: true, ehlo: []string{"STARTTLS"},
			replies: map[string]string{"STARTTLS": "454 4.7.0 TLS not available due to temporary reason"}}.run(t)
	}},
	{code: transport.CodeCertChanged, op: explain.OpRead, run: func(t *testing.T) error {
		pair := testcert.New(t)
		other := testcert.New(t)
		port := serve(t, pair.Server, func(s *fsess) { s.drain() })
		// The user pinned another server's key; this one does not verify
		// against the system roots either.
		o := transport.Options{Pin: transport.Fingerprint(other.Leaf), Timeouts: quick}
		_, err := imap.Dial(t.Context(), local(port, transport.SecurityTLS), o)
		return err
	}},
}

// imapWithDNS dials name through a resolver that asks a fake DNS server:
// NXDOMAIN for everything, SERVFAIL for names starting with "broken.".
func imapWithDNS(t *testing.T, name string) error {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		m.Rcode = dns.RcodeNameError
		if len(r.Question) > 0 && strings.HasPrefix(r.Question[0].Name, "broken.") {
			m.Rcode = dns.RcodeServerFailure
		}
		w.WriteMsg(m)
	})}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go srv.ActivateAndServe()
	<-started
	t.Cleanup(func() { srv.Shutdown() })
	addr := pc.LocalAddr().String()
	d := &net.Dialer{Resolver: &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "udp", addr)
	}}}
	o := transport.Options{Timeouts: quick, DialContext: d.DialContext}
	_, err = imap.Dial(t.Context(), transport.Endpoint{Host: name, Port: 993, Security: transport.SecurityTLS}, o)
	return err
}

// blackhole is a network where connection attempts are never answered.
func blackhole() transport.Options {
	return transport.Options{Timeouts: transport.Timeouts{Connect: 200 * time.Millisecond},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			<-ctx.Done()
			return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
		}}
}

// redirect sends every dial to the fake server on port, so that an
// endpoint can name a well-known port.
func redirect(port int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	}
}

// pipeBreaker dials normally but fails writes with EPIPE, as the kernel
// does for a connection the peer has closed, once after bytes were written.
func pipeBreaker(after int) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		bc := &breakingConn{Conn: c}
		bc.left.Store(int64(after))
		return bc, nil
	}
}

type breakingConn struct {
	net.Conn
	left atomic.Int64 // bytes still written normally
}

func (c *breakingConn) Write(p []byte) (int, error) {
	if c.left.Add(-int64(len(p))) < 0 {
		return 0, &net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.EPIPE)}
	}
	return c.Conn.Write(p)
}

// certValid makes a CA and a 127.0.0.1 certificate valid only from
// notBefore to notAfter.
func certValid(t *testing.T, notBefore, notAfter time.Time) (*x509.CertPool, *tls.Config) {
	t.Helper()
	p := testcert.NewValid(t, notBefore, notAfter, "127.0.0.1")
	return p.Roots, p.Server
}
