package smtp

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
)

// fakeServer is a scripted SMTP server on 127.0.0.1 for the faults real
// servers won't produce. It records every line the client sends.
type fakeServer struct {
	t     *testing.T
	cert  testcert.Pair
	mu    sync.Mutex
	lines []string
	done  chan struct{}
}

// session is one scripted connection.
type session struct {
	f    *fakeServer
	conn net.Conn
	r    *bufio.Reader
}

func (s *session) send(lines ...string) {
	for _, l := range lines {
		if _, err := s.conn.Write([]byte(l + "\r\n")); err != nil {
			return
		}
	}
}

// read returns the next client line ("" once the client is gone).
func (s *session) read() string {
	s.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := s.r.ReadString('\n')
	if err != nil {
		return ""
	}
	line = strings.TrimRight(line, "\r\n")
	s.f.mu.Lock()
	s.f.lines = append(s.f.lines, line)
	s.f.mu.Unlock()
	return line
}

// startTLS upgrades the session server-side.
func (s *session) startTLS() bool {
	tc := tls.Server(s.conn, s.f.cert.Server)
	if err := tc.Handshake(); err != nil {
		return false
	}
	s.conn = tc
	s.r = bufio.NewReader(tc)
	return true
}

// data reads DATA content up to the terminating dot, raw.
func (s *session) data() string {
	var b strings.Builder
	for {
		s.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		line, err := s.r.ReadString('\n')
		if err != nil {
			return b.String()
		}
		if line == ".\r\n" {
			return b.String()
		}
		b.WriteString(line)
	}
}

// startFake serves one connection with script; implicitTLS wraps it in TLS
// first. It returns the endpoint to dial.
func startFake(t *testing.T, sec transport.Security, script func(s *session)) (*fakeServer, transport.Endpoint) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeServer{t: t, cert: testcert.New(t), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		conn, err := ln.Accept()
		ln.Close()
		if err != nil {
			return
		}
		defer conn.Close()
		s := &session{f: f, conn: conn, r: bufio.NewReader(conn)}
		if sec == transport.SecurityTLS && !s.startTLS() {
			return
		}
		script(s)
	}()
	t.Cleanup(func() {
		ln.Close()
		<-f.done
	})
	return f, transport.Endpoint{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: sec, Username: "u"}
}

func (f *fakeServer) options() transport.Options {
	return transport.Options{RootCAs: f.cert.Roots, Timeouts: transport.Timeouts{
		Connect: 2 * time.Second, TLS: 2 * time.Second, Greeting: 2 * time.Second, Command: 2 * time.Second, Transfer: 5 * time.Second}}
}

// received waits for the session to end and returns what the client sent.
func (f *fakeServer) received() []string {
	<-f.done
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.lines...)
}

// sentAny reports whether the client sent a line starting with any prefix.
func sentAny(lines []string, prefixes ...string) string {
	for _, l := range lines {
		for _, p := range prefixes {
			if strings.HasPrefix(strings.ToUpper(l), p) {
				return l
			}
		}
	}
	return ""
}

// ehloServer answers EHLO with the given extensions.
func (s *session) ehlo(exts ...string) bool {
	line := s.read()
	if !strings.HasPrefix(line, "EHLO") {
		return false
	}
	out := []string{"250-fake.test"}
	for i, e := range exts {
		if i == len(exts)-1 {
			out = append(out, "250 "+e)
		} else {
			out = append(out, "250-"+e)
		}
	}
	if len(exts) == 0 {
		out = []string{"250 fake.test"}
	}
	s.send(out...)
	return true
}

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, err error, code transport.Code) *transport.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	te, ok := transport.As(err)
	if !ok {
		t.Fatalf("error %v (%T) is not a *transport.Error, want %s", err, err, code)
	}
	if te.Code != code {
		t.Fatalf("code = %s (%v), want %s", te.Code, err, code)
	}
	if te.Protocol != transport.ProtoSMTP {
		t.Errorf("protocol = %q, want smtp", te.Protocol)
	}
	return te
}
