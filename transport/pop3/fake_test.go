package pop3

import (
	"bufio"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
)

// fakeServer is a scripted POP3 server on 127.0.0.1 for the faults real
// servers won't produce. It serves a small maildrop with default replies;
// handlers override any command by verb. It records every line received.
type fakeServer struct {
	t        *testing.T
	cert     testcert.Pair
	security transport.Security

	greeting string         // sent raw; "" means a normal greeting, "-" none at all
	greetFn  func(s *fsess) // replaces the whole session when set
	capa     []string       // CAPA lines before TLS; nil answers -ERR
	capaTLS  []string       // CAPA lines over TLS (and over plain for SecurityPlain)
	stls     string         // raw reply to STLS
	// noTLS keeps the connection in plaintext after the STLS reply.
	noTLS    bool
	handlers map[string]func(s *fsess, arg string)

	user, pass string
	msgs       []string // the maildrop, CRLF text

	mu    sync.Mutex
	lines []fline
}

// fline is one line the client sent, and whether it came over TLS.
type fline struct {
	tls  bool
	line string
}

type fsess struct {
	f       *fakeServer
	conn    net.Conn
	r       *bufio.Reader
	tls     bool
	authed  bool
	deleted map[int]bool
}

func newFake(t *testing.T, sec transport.Security) *fakeServer {
	return &fakeServer{
		t: t, cert: testcert.New(t), security: sec,
		capa:     []string{"USER", "STLS", "TOP", "UIDL", "RESP-CODES"},
		capaTLS:  []string{"USER", "SASL PLAIN", "TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING"},
		stls:     "+OK Begin TLS negotiation\r\n",
		handlers: map[string]func(*fsess, string){},
		user:     "alice", pass: "secret",
	}
}

// start listens and returns the endpoint and options trusting the fake CA.
func (f *fakeServer) start() (transport.Endpoint, transport.Options) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.t.Fatal(err)
	}
	var wg sync.WaitGroup
	f.t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { f.serve(c) })
		}
	})
	ep := transport.Endpoint{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: f.security}
	return ep, transport.Options{RootCAs: f.cert.Roots, Timeouts: transport.Timeouts{
		Connect: 2 * time.Second, TLS: 2 * time.Second, Greeting: 2 * time.Second,
		Command: 2 * time.Second, Transfer: 5 * time.Second}}
}

func (f *fakeServer) serve(c net.Conn) {
	defer c.Close()
	s := &fsess{f: f, conn: c, r: bufio.NewReader(c), deleted: map[int]bool{}}
	if f.security == transport.SecurityTLS && !s.startTLS() {
		return
	}
	if f.greetFn != nil {
		f.greetFn(s)
		return
	}
	switch f.greeting {
	case "-":
		// Silent: hold the connection until the client gives up.
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		s.r.ReadByte()
		return
	case "":
		s.send("+OK fake POP3 ready <1.2@fake>\r\n")
	default:
		s.send(f.greeting)
	}
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		f.mu.Lock()
		f.lines = append(f.lines, fline{s.tls, line})
		f.mu.Unlock()
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		if h, ok := f.handlers[verb]; ok {
			h(s, arg)
		} else if !s.handle(verb, arg) {
			return
		}
	}
}

func (s *fsess) send(raw string) { s.conn.Write([]byte(raw)) }

func (s *fsess) startTLS() bool {
	tc := tls.Server(s.conn, s.f.cert.Server)
	tc.SetDeadline(time.Now().Add(5 * time.Second))
	if err := tc.Handshake(); err != nil {
		return false
	}
	tc.SetDeadline(time.Time{})
	s.conn, s.r, s.tls = tc, bufio.NewReader(tc), true
	return true
}

// handle gives the default reply; false ends the session.
func (s *fsess) handle(verb, arg string) bool {
	f := s.f
	switch verb {
	case "CAPA":
		lines := f.capaTLS
		if !s.tls && f.security == transport.SecuritySTARTTLS {
			lines = f.capa
		}
		if lines == nil {
			s.send("-ERR unknown command\r\n")
			return true
		}
		s.send("+OK Capability list follows\r\n" + strings.Join(lines, "\r\n") + "\r\n.\r\n")
	case "STLS":
		s.send(f.stls)
		if strings.HasPrefix(f.stls, "+OK") && !f.noTLS {
			return s.startTLS()
		}
	case "USER":
		s.send("+OK\r\n")
	case "PASS":
		if arg != f.pass {
			s.send("-ERR [AUTH] Authentication failed.\r\n")
			return true
		}
		s.authed = true
		s.send("+OK Logged in.\r\n")
	case "AUTH":
		s.auth(arg)
	case "STAT":
		n, size := 0, 0
		for i, m := range f.msgs {
			if !s.deleted[i+1] {
				n, size = n+1, size+len(m)
			}
		}
		s.send(fmt.Sprintf("+OK %d %d\r\n", n, size))
	case "LIST", "UIDL":
		s.listing(verb, arg)
	case "RETR", "TOP":
		s.retr(verb, arg)
	case "DELE":
		n, ok := s.msg(arg)
		if !ok {
			return true
		}
		s.deleted[n] = true
		s.send("+OK Marked to be deleted.\r\n")
	case "RSET":
		clear(s.deleted)
		s.send("+OK\r\n")
	case "NOOP":
		s.send("+OK\r\n")
	case "QUIT":
		s.send("+OK Logging out.\r\n")
		return false
	default:
		s.send("-ERR Unknown command: " + verb + "\r\n")
	}
	return true
}

func (s *fsess) auth(arg string) {
	mech, ir, hasIR := strings.Cut(arg, " ")
	if !strings.EqualFold(mech, "PLAIN") {
		s.send("-ERR Unsupported mechanism\r\n")
		return
	}
	if !hasIR {
		s.send("+ \r\n")
		line, err := s.r.ReadString('\n')
		if err != nil {
			return
		}
		ir = strings.TrimRight(line, "\r\n")
		s.f.mu.Lock()
		s.f.lines = append(s.f.lines, fline{s.tls, ir})
		s.f.mu.Unlock()
	}
	raw, err := base64.StdEncoding.DecodeString(ir)
	if err != nil || string(raw) != "\x00"+s.f.user+"\x00"+s.f.pass {
		s.send("-ERR [AUTH] Authentication failed.\r\n")
		return
	}
	s.authed = true
	s.send("+OK Logged in.\r\n")
}

// msg parses a message number and answers -ERR when there is no such one.
func (s *fsess) msg(arg string) (int, bool) {
	n, err := strconv.Atoi(strings.Fields(arg + " x")[0])
	if err != nil || n < 1 || n > len(s.f.msgs) || s.deleted[n] {
		s.send("-ERR There's no message " + arg + ".\r\n")
		return 0, false
	}
	return n, true
}

func (s *fsess) listing(verb, arg string) {
	entry := func(n int) string {
		if verb == "LIST" {
			return fmt.Sprintf("%d %d", n, len(s.f.msgs[n-1]))
		}
		return fmt.Sprintf("%d uid-%d", n, n)
	}
	if arg != "" {
		if n, ok := s.msg(arg); ok {
			s.send("+OK " + entry(n) + "\r\n")
		}
		return
	}
	var b strings.Builder
	b.WriteString("+OK\r\n")
	for i := range s.f.msgs {
		if !s.deleted[i+1] {
			b.WriteString(entry(i+1) + "\r\n")
		}
	}
	b.WriteString(".\r\n")
	s.send(b.String())
}

func (s *fsess) retr(verb, arg string) {
	n, ok := s.msg(arg)
	if !ok {
		return
	}
	m := s.f.msgs[n-1]
	if verb == "TOP" {
		lines, _ := strconv.Atoi(strings.Fields(arg)[1])
		head, bodyText, _ := strings.Cut(m, "\r\n\r\n")
		bl := strings.SplitAfter(bodyText, "\r\n")
		m = head + "\r\n\r\n" + strings.Join(bl[:min(lines, len(bl))], "")
	}
	s.send("+OK\r\n" + stuff(m) + ".\r\n")
}

// stuff dot-stuffs m and ends it with a line end, as a server does.
func stuff(m string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(m, "\n") {
		if l == "" {
			continue
		}
		if l[0] == '.' {
			b.WriteByte('.')
		}
		b.WriteString(l)
	}
	if m != "" && !strings.HasSuffix(m, "\n") {
		b.WriteString("\r\n")
	}
	return b.String()
}

// received returns the lines the client sent.
func (f *fakeServer) received() []fline {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fline(nil), f.lines...)
}

// verbs returns the verbs the client sent, in order.
func (f *fakeServer) verbs() []string {
	var out []string
	for _, l := range f.received() {
		v, _, _ := strings.Cut(l.line, " ")
		out = append(out, v)
	}
	return out
}

// assertNoCredentials fails if anything that carries credentials reached
// the server.
func (f *fakeServer) assertNoCredentials(t *testing.T) {
	t.Helper()
	for _, l := range f.received() {
		v, _, _ := strings.Cut(strings.ToUpper(l.line), " ")
		if v == "USER" || v == "PASS" || v == "AUTH" || v == "APOP" || strings.Contains(l.line, f.pass) {
			t.Errorf("client sent %q (tls=%v); want no credentials", l.line, l.tls)
		}
	}
}

// wantCode fails unless err is a *transport.Error with code want.
func wantCode(t *testing.T, err error, want transport.Code) *transport.Error {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", want)
	}
	te, ok := transport.As(err)
	if !ok {
		t.Fatalf("got %T %v, want *transport.Error %s", err, err, want)
	}
	if te.Code != want {
		t.Fatalf("code = %s (%v), want %s", te.Code, err, want)
	}
	if te.Protocol != transport.ProtoPOP3 {
		t.Errorf("protocol = %q, want pop3", te.Protocol)
	}
	return te
}

// loggedIn dials the fake over implicit TLS and logs in.
func loggedIn(t *testing.T, f *fakeServer) *Client {
	t.Helper()
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(t.Context(), f.user, f.pass); err != nil {
		t.Fatal(err)
	}
	return c
}
