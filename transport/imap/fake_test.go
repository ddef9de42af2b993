package imap

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

// fakeServer is a scripted IMAP server on 127.0.0.1 for the faults real
// servers won't produce. It records every line the client sends.
type fakeServer struct {
	t        *testing.T
	cert     testcert.Pair
	implicit bool
	// greet runs first: it sends the greeting and may do the STARTTLS part.
	greet func(s *fsess) bool
	// handlers answer commands by name; the default answers CAPABILITY,
	// LOGOUT and everything else with OK.
	handlers map[string]func(s *fsess, tag, args string)
	caps     string // post-TLS CAPABILITY line

	mu    sync.Mutex
	lines []string
}

type fsess struct {
	f    *fakeServer
	conn net.Conn
	r    *bufio.Reader
}

func newFake(t *testing.T, implicit bool) *fakeServer {
	return &fakeServer{t: t, cert: testcert.New(t), implicit: implicit,
		handlers: map[string]func(*fsess, string, string){}, caps: "IMAP4rev1 AUTH=PLAIN SASL-IR IDLE"}
}

// start listens and returns the endpoint and options trusting the fake CA.
func (f *fakeServer) start() (transport.Endpoint, transport.Options) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(c)
		}
	}()
	sec := transport.SecuritySTARTTLS
	if f.implicit {
		sec = transport.SecurityTLS
	}
	ep := transport.Endpoint{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: sec}
	return ep, transport.Options{RootCAs: f.cert.Roots, Timeouts: transport.Timeouts{
		Connect: 2 * time.Second, TLS: 2 * time.Second, Greeting: 2 * time.Second, Command: 2 * time.Second}}
}

func (f *fakeServer) serve(c net.Conn) {
	defer c.Close()
	s := &fsess{f: f, conn: c, r: bufio.NewReader(c)}
	if f.implicit && !s.startTLS() {
		return
	}
	if f.greet != nil {
		if !f.greet(s) {
			return
		}
	} else {
		s.send("* OK [CAPABILITY " + f.caps + "] fake ready\r\n")
	}
	for {
		line, ok := s.line()
		if !ok {
			return
		}
		tag, rest, _ := strings.Cut(line, " ")
		name, args, _ := strings.Cut(rest, " ")
		name = strings.ToUpper(name)
		if name == "UID" {
			sub, more, _ := strings.Cut(args, " ")
			name, args = "UID "+strings.ToUpper(sub), more
		}
		if h := f.handlers[name]; h != nil {
			h(s, tag, args)
			continue
		}
		switch name {
		case "CAPABILITY":
			s.send("* CAPABILITY " + f.caps + "\r\n" + tag + " OK done\r\n")
		case "LOGOUT":
			s.send("* BYE bye\r\n" + tag + " OK done\r\n")
			return
		default:
			s.send(tag + " OK done\r\n")
		}
	}
}

func (s *fsess) send(raw string) bool {
	_, err := s.conn.Write([]byte(raw))
	return err == nil
}

// line returns the next client line; false once the client is gone.
func (s *fsess) line() (string, bool) {
	s.conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := s.r.ReadString('\n')
	if err != nil {
		return "", false
	}
	line = strings.TrimRight(line, "\r\n")
	s.f.mu.Lock()
	s.f.lines = append(s.f.lines, line)
	s.f.mu.Unlock()
	return line, true
}

// startTLS upgrades the session server-side.
func (s *fsess) startTLS() bool {
	tc := tls.Server(s.conn, s.f.cert.Server)
	tc.SetDeadline(time.Now().Add(5 * time.Second))
	if err := tc.Handshake(); err != nil {
		return false
	}
	tc.SetDeadline(time.Time{})
	s.conn = tc
	s.r = bufio.NewReader(tc)
	return true
}

// got returns what the client sent so far.
func (f *fakeServer) got() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.lines...)
}

// sentCredentials reports whether the client sent LOGIN or AUTHENTICATE.
func (f *fakeServer) sentCredentials() bool {
	for _, l := range f.got() {
		_, rest, _ := strings.Cut(l, " ")
		cmd := strings.ToUpper(rest)
		if strings.HasPrefix(cmd, "LOGIN") || strings.HasPrefix(cmd, "AUTHENTICATE") {
			return true
		}
	}
	return false
}

// startTLSGreeting returns a greet func for a STARTTLS server that answers
// the client's STARTTLS with reply (with <tag> replaced) and then, if
// upgrade is set, does the TLS handshake.
func startTLSGreeting(greeting, reply string, upgrade bool) func(*fsess) bool {
	return func(s *fsess) bool {
		s.send(greeting)
		line, ok := s.line()
		if !ok {
			return false
		}
		tag, _, _ := strings.Cut(line, " ")
		s.send(strings.ReplaceAll(reply, "<tag>", tag))
		if !upgrade {
			// Answer whatever else comes, as a hostile server would.
			for {
				l, ok := s.line()
				if !ok {
					return false
				}
				t, _, _ := strings.Cut(l, " ")
				s.send(t + " OK go ahead\r\n")
			}
		}
		return s.startTLS()
	}
}
