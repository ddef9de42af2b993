package verify

import (
	"bufio"
	"crypto/tls"
	"io"
	"log"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"wren/account"
	"wren/transport"
	"wren/transport/testcert"
)

// fastTimeouts keep failing tests short, yet leave room for -race.
var fastTimeouts = transport.Timeouts{Connect: 2 * time.Second, TLS: 2 * time.Second,
	Greeting: 2 * time.Second, Command: 3 * time.Second}

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

func portOf(ln net.Listener) int { return ln.Addr().(*net.TCPAddr).Port }

func server(p account.Protocol, port int, sec transport.Security) account.Server {
	return account.Server{Protocol: p, Host: "127.0.0.1", Port: port, Security: sec,
		Auth: account.AuthPassword, Source: account.SourceManual}
}

// imapFake is go-imap's in-memory server behind a session that counts
// password attempts and can answer them with a scripted error.
type imapFake struct {
	cert     testcert.Pair
	mem      *imapmemserver.Server
	logins   atomic.Int32
	loginErr func(username string) error // nil: the memory server decides
}

func newIMAPFake(t *testing.T, cert testcert.Pair, sec transport.Security, users ...string) (*imapFake, account.Server) {
	t.Helper()
	f := &imapFake{cert: cert, mem: imapmemserver.New()}
	for i := 0; i+1 < len(users); i += 2 {
		f.mem.AddUser(imapmemserver.NewUser(users[i], users[i+1]))
	}
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &countingSession{Session: f.mem.NewSession(), f: f}, nil, nil
		},
		Caps:   goimap.CapSet{goimap.CapIMAP4rev1: {}},
		Logger: log.New(io.Discard, "", 0),
	}
	ln := listen(t)
	switch sec {
	case transport.SecurityTLS:
		ln = tls.NewListener(ln, cert.Server)
	case transport.SecuritySTARTTLS:
		opts.TLSConfig = cert.Server
	case transport.SecurityPlain:
		opts.InsecureAuth = true // a server that would take a password in clear
	}
	srv := imapserver.New(opts)
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(ln) }()
	// The listener is closed too: Close misses one Serve has not registered yet.
	t.Cleanup(func() { srv.Close(); ln.Close(); <-done })
	return f, server(account.IMAP, portOf(ln), sec)
}

type countingSession struct {
	imapserver.Session
	f *imapFake
}

func (s *countingSession) Login(username, password string) error {
	s.f.logins.Add(1)
	if s.f.loginErr != nil {
		if err := s.f.loginErr(username); err != nil {
			return err
		}
	}
	return s.Session.Login(username, password)
}

// smtpFake is go-smtp's server with AUTH PLAIN against a fixed user table,
// counting attempts; it refuses every mail transaction.
type smtpFake struct {
	users   map[string]string
	auths   atomic.Int32
	mails   atomic.Int32
	authErr error // when set, every AUTH fails with it
}

func newSMTPFake(t *testing.T, cert testcert.Pair, sec transport.Security, users ...string) (*smtpFake, account.Server) {
	t.Helper()
	f := &smtpFake{users: map[string]string{}}
	for i := 0; i+1 < len(users); i += 2 {
		f.users[users[i]] = users[i+1]
	}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &smtpSession{f: f}, nil
	}))
	srv.Domain = "localhost"
	srv.MaxMessageBytes = 10 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln := listen(t)
	switch sec {
	case transport.SecurityTLS:
		ln = tls.NewListener(ln, cert.Server)
	case transport.SecuritySTARTTLS:
		srv.TLSConfig = cert.Server
	}
	done := make(chan struct{})
	go func() { defer close(done); srv.Serve(ln) }()
	// The listener is closed too: Close misses one Serve has not registered yet.
	t.Cleanup(func() { srv.Close(); ln.Close(); <-done })
	s := server(account.SMTP, portOf(ln), sec)
	return f, s
}

type smtpSession struct{ f *smtpFake }

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		s.f.auths.Add(1)
		if s.f.authErr != nil {
			return s.f.authErr
		}
		if want, ok := s.f.users[username]; !ok || want != password {
			return gosmtp.ErrAuthFailed
		}
		return nil
	}), nil
}

func (s *smtpSession) Mail(string, *gosmtp.MailOptions) error {
	s.f.mails.Add(1)
	return gosmtp.ErrAuthRequired
}
func (s *smtpSession) Rcpt(string, *gosmtp.RcptOptions) error { return gosmtp.ErrAuthRequired }
func (s *smtpSession) Data(io.Reader) error                   { return gosmtp.ErrAuthRequired }
func (s *smtpSession) Reset()                                 {}
func (s *smtpSession) Logout() error                          { return nil }

// scripted is a plaintext TCP server run by a script, recording every
// line the client sends: the proof that no credential left the client.
type scripted struct {
	mu    sync.Mutex
	lines []string
}

func newScripted(t *testing.T, script func(s *scripted, c net.Conn, r *bufio.Reader)) (*scripted, int) {
	t.Helper()
	sc := &scripted{}
	ln := listen(t)
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(10 * time.Second))
				script(sc, c, bufio.NewReader(c))
			})
		}
	})
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return sc, portOf(ln)
}

// read returns the client's next line, or false once it is gone.
func (s *scripted) read(r *bufio.Reader) (string, bool) {
	line, err := r.ReadString('\n')
	if err != nil {
		return "", false
	}
	line = strings.TrimRight(line, "\r\n")
	s.mu.Lock()
	s.lines = append(s.lines, line)
	s.mu.Unlock()
	return line, true
}

func (s *scripted) received() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.lines, "\n")
}

func send(c net.Conn, lines ...string) {
	for _, l := range lines {
		io.WriteString(c, l+"\r\n")
	}
}
