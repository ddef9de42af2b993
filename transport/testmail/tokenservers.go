package testmail

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// TokenConfig is a mail server that takes only OAuth2 access tokens, as
// Gmail and Microsoft do for mail programs that signed in in the browser.
type TokenConfig struct {
	User string
	// Accept reports whether token is good now (issued and not revoked).
	Accept func(token string) bool
	// Mechanisms offered, e.g. XOAUTH2, OAUTHBEARER (PLAIN is refused).
	Mechanisms []string
	// TLS is the certificate of the implicit-TLS port.
	TLS *tls.Config
}

// tokenLog records the mechanisms clients chose.
type tokenLog struct {
	mu     sync.Mutex
	chosen []string
}

func (l *tokenLog) note(mech string) {
	l.mu.Lock()
	l.chosen = append(l.chosen, mech)
	l.mu.Unlock()
}

// Chosen are the SASL mechanisms clients authenticated with, in order.
func (l *tokenLog) Chosen() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.chosen...)
}

// TokenIMAP is go-imap's in-memory server over implicit TLS taking only
// tokens; its user has an INBOX.
type TokenIMAP struct {
	tokenLog
	Host string
	Port int
	user *imapmemserver.User
}

// Addr is HOST:PORT.
func (s *TokenIMAP) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Deliver puts a message in folder.
func (s *TokenIMAP) Deliver(t testing.TB, folder, msg string) {
	t.Helper()
	lit := bytes.NewReader([]byte(msg))
	if _, err := s.user.Append(folder, literal{lit, int64(lit.Len())}, &goimap.AppendOptions{Time: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// Messages is how many messages folder holds (the copies filed in Sent).
func (s *TokenIMAP) Messages(t testing.TB, folder string) int {
	t.Helper()
	st, err := s.user.Status(folder, &goimap.StatusOptions{NumMessages: true})
	if err != nil {
		return 0
	}
	return int(*st.NumMessages)
}

type literal struct {
	*bytes.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

type tokenIMAPSession struct {
	*imapmemserver.UserSession
	srv *TokenIMAP
	c   TokenConfig
}

func (s *tokenIMAPSession) Login(string, string) error { return imapserver.ErrAuthFailed }

func (s *tokenIMAPSession) AuthenticateMechanisms() []string { return s.c.Mechanisms }

func (s *tokenIMAPSession) Authenticate(mech string) (sasl.Server, error) {
	s.srv.note(mech)
	return TokenServerFunc(mech, s.c.User, s.c.Accept, &goimap.Error{Type: goimap.StatusResponseTypeNo,
		Code: goimap.ResponseCodeAuthenticationFailed, Text: "Invalid credentials (Failure)"})
}

// StartTokenIMAP serves c on 127.0.0.1 until the test ends.
func StartTokenIMAP(t testing.TB, c TokenConfig) *TokenIMAP {
	t.Helper()
	user := imapmemserver.NewUser(c.User, "no password login here")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	ti := &TokenIMAP{Host: "127.0.0.1", user: user}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &tokenIMAPSession{UserSession: imapmemserver.NewUserSession(user), srv: ti, c: c}, nil, nil
		},
		Caps: goimap.CapSet{goimap.CapIMAP4rev1: {}},
	})
	ln, err := tls.Listen("tcp", "127.0.0.1:0", c.TLS)
	if err != nil {
		t.Fatal(err)
	}
	ti.Port = ln.Addr().(*net.TCPAddr).Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ti
}

// TokenSMTP is go-smtp's server over implicit TLS taking only tokens; it
// counts the messages it received.
type TokenSMTP struct {
	tokenLog
	Host     string
	Port     int
	c        TokenConfig
	messages int
}

// Addr is HOST:PORT.
func (s *TokenSMTP) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Messages is how many messages arrived whole.
func (s *TokenSMTP) Messages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messages
}

type tokenSMTPSession struct {
	srv    *TokenSMTP
	authed bool
}

func (s *tokenSMTPSession) AuthMechanisms() []string { return s.srv.c.Mechanisms }

func (s *tokenSMTPSession) Auth(mech string) (sasl.Server, error) {
	s.srv.note(mech)
	inner, err := TokenServerFunc(mech, s.srv.c.User, s.srv.c.Accept, &gosmtp.SMTPError{Code: 535,
		EnhancedCode: gosmtp.EnhancedCode{5, 7, 8}, Message: "Username and Password not accepted."})
	if err != nil {
		return nil, err
	}
	return &noteSuccess{Server: inner, ok: &s.authed}, nil
}

// noteSuccess marks the session logged in when the exchange succeeds.
type noteSuccess struct {
	sasl.Server
	ok *bool
}

func (n *noteSuccess) Next(resp []byte) ([]byte, bool, error) {
	ch, done, err := n.Server.Next(resp)
	if done && err == nil {
		*n.ok = true
	}
	return ch, done, err
}

func (s *tokenSMTPSession) Mail(string, *gosmtp.MailOptions) error {
	if !s.authed {
		return gosmtp.ErrAuthRequired
	}
	return nil
}
func (s *tokenSMTPSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *tokenSMTPSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.srv.mu.Lock()
	s.srv.messages++
	s.srv.mu.Unlock()
	return nil
}
func (s *tokenSMTPSession) Reset()        {}
func (s *tokenSMTPSession) Logout() error { return nil }

// StartTokenSMTP serves c on 127.0.0.1 until the test ends.
func StartTokenSMTP(t testing.TB, c TokenConfig) *TokenSMTP {
	t.Helper()
	ts := &TokenSMTP{Host: "127.0.0.1", c: c}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &tokenSMTPSession{srv: ts}, nil
	}))
	srv.Domain = "smtp.example.com"
	srv.ReadTimeout, srv.WriteTimeout = 5*time.Second, 5*time.Second
	ln, err := tls.Listen("tcp", "127.0.0.1:0", c.TLS)
	if err != nil {
		t.Fatal(err)
	}
	ts.Port = ln.Addr().(*net.TCPAddr).Port
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ts
}
