package testserver_test

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testserver"
)

// session speaks a line protocol by hand, so this package's tests depend on
// no protocol client of Wren's.
type session struct {
	t    *testing.T
	ep   transport.Endpoint
	conn net.Conn
	r    *bufio.Reader
}

func dial(t *testing.T, s *testserver.Servers, ep transport.Endpoint) *session {
	t.Helper()
	c, err := transport.Dial(t.Context(), ep, s.Options())
	if err != nil {
		t.Fatalf("dial %s: %v", ep, err)
	}
	t.Cleanup(func() { c.Close() })
	return &session{t: t, ep: ep, conn: c, r: bufio.NewReader(c)}
}

func (s *session) send(line string) {
	s.t.Helper()
	s.conn.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := s.conn.Write([]byte(line + "\r\n")); err != nil {
		s.t.Fatalf("%s: write: %v", s.ep, err)
	}
}

func (s *session) line() string {
	s.t.Helper()
	s.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	l, err := s.r.ReadString('\n')
	if err != nil {
		s.t.Fatalf("%s: read: %v (got %q)", s.ep, err, l)
	}
	return strings.TrimRight(l, "\r\n")
}

// until reads lines up to and including the first that starts with prefix
// and returns them all.
func (s *session) until(prefix string) []string {
	s.t.Helper()
	var got []string
	for range 200 {
		l := s.line()
		got = append(got, l)
		if strings.HasPrefix(l, prefix) {
			return got
		}
	}
	s.t.Fatalf("%s: no line starting with %q in %q", s.ep, prefix, got)
	return nil
}

// expect reads one reply line and checks its start.
func (s *session) expect(prefix string) string {
	s.t.Helper()
	l := s.line()
	if !strings.HasPrefix(l, prefix) {
		s.t.Fatalf("%s: got %q, want a line starting with %q", s.ep, l, prefix)
	}
	return l
}

// startTLS upgrades the connection after the server agreed to STARTTLS.
func (s *session) startTLS(opts transport.Options) {
	s.t.Helper()
	if n := s.r.Buffered(); n > 0 {
		s.t.Fatalf("%s: %d bytes after the STARTTLS reply", s.ep, n)
	}
	tc := tls.Client(s.conn, opts.TLSConfig(s.ep.Host))
	if err := tc.HandshakeContext(s.t.Context()); err != nil {
		s.t.Fatalf("%s: TLS handshake after STARTTLS: %v", s.ep, err)
	}
	s.conn, s.r = tc, bufio.NewReader(tc)
}
