package explain_test

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

// Reply markers a script may end a reply with.
const (
	closeAfter = "<close>" // close the connection after the reply
	resetAfter = "<reset>" // abort it (TCP RST) after the reply
)

// fsess is one connection of a scripted fake server.
type fsess struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

// serve listens on 127.0.0.1 and runs script for every connection, over
// TLS when conf is set. It returns the port.
func serve(t *testing.T, conf *tls.Config, script func(s *fsess)) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				if conf != nil {
					tc := tls.Server(c, conf)
					if tc.Handshake() != nil {
						return
					}
					c = tc
				}
				script(&fsess{t: t, conn: c, r: bufio.NewReader(c)})
			})
		}
	})
	return ln.Addr().(*net.TCPAddr).Port
}

// read returns the next line from the client; false once it is gone.
func (s *fsess) read() (string, bool) {
	line, err := s.r.ReadString('\n')
	if err != nil {
		return "", false
	}
	return strings.TrimRight(line, "\r\n"), true
}

// reply sends text (lines joined by CRLF) and obeys a trailing marker. It
// reports whether the session goes on.
func (s *fsess) reply(text string) bool {
	marker := ""
	for _, m := range []string{closeAfter, resetAfter} {
		if strings.HasSuffix(text, m) {
			text, marker = strings.TrimSuffix(text, m), m
		}
	}
	text = strings.TrimSuffix(text, "\r\n")
	if text != "" {
		if _, err := s.conn.Write([]byte(text + "\r\n")); err != nil {
			return false
		}
	}
	switch marker {
	case closeAfter:
		return false
	case resetAfter:
		s.reset()
		return false
	}
	return true
}

// reset aborts the connection with a TCP RST.
func (s *fsess) reset() {
	c := s.conn
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if tcp, ok := c.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	c.Close()
}

// drain reads until the client goes away: a silent server.
func (s *fsess) drain() {
	for {
		if _, ok := s.read(); !ok {
			return
		}
	}
}

// upgrade starts server-side TLS on the session (STARTTLS).
func (s *fsess) upgrade(conf *tls.Config) bool {
	tc := tls.Server(s.conn, conf)
	if tc.Handshake() != nil {
		return false
	}
	s.conn, s.r = tc, bufio.NewReader(tc)
	return true
}

// quick are timeouts short enough for failure tests and long enough for a
// loaded machine.
var quick = transport.Timeouts{Connect: 3 * time.Second, TLS: 3 * time.Second, Greeting: 3 * time.Second,
	Command: 3 * time.Second, Transfer: 5 * time.Second}

// trusted returns a fresh certificate pair and options trusting it.
func trusted(t *testing.T) (testcert.Pair, transport.Options) {
	p := testcert.New(t)
	return p, transport.Options{RootCAs: p.Roots, Timeouts: quick}
}

func local(port int, sec transport.Security) transport.Endpoint {
	return transport.Endpoint{Host: "127.0.0.1", Port: port, Security: sec}
}
