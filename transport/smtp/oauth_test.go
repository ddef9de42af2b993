package smtp

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"

	"wren/transport"
	"wren/transport/testcert"
	"wren/transport/testmail"
)

const (
	tokenUser = "me@example.com"
	goodToken = "EwBwA8l6BAAU.good-access-token"
)

// tokenSMTP is go-smtp's own server over implicit TLS, taking only
// goodToken for tokenUser with the given mechanisms; it records the
// mechanisms chosen and the messages that arrived.
type tokenSMTP struct {
	mechs []string

	mu       sync.Mutex
	chosen   []string
	messages int
}

type tokenSession struct {
	srv    *tokenSMTP
	authed bool
}

func (s *tokenSession) AuthMechanisms() []string { return s.srv.mechs }

func (s *tokenSession) Auth(mech string) (sasl.Server, error) {
	s.srv.mu.Lock()
	s.srv.chosen = append(s.srv.chosen, mech)
	s.srv.mu.Unlock()
	inner, err := testmail.TokenServer(mech, tokenUser, goodToken, &gosmtp.SMTPError{Code: 535,
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

func (s *tokenSession) Mail(string, *gosmtp.MailOptions) error {
	if !s.authed {
		return gosmtp.ErrAuthRequired
	}
	return nil
}
func (s *tokenSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *tokenSession) Data(r io.Reader) error {
	if _, err := io.Copy(io.Discard, r); err != nil {
		return err
	}
	s.srv.mu.Lock()
	s.srv.messages++
	s.srv.mu.Unlock()
	return nil
}
func (s *tokenSession) Reset()        {}
func (s *tokenSession) Logout() error { return nil }

func startTokenSMTP(t *testing.T, mechs ...string) (*tokenSMTP, transport.Endpoint, transport.Options) {
	t.Helper()
	pair := testcert.New(t)
	ts := &tokenSMTP{mechs: mechs}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &tokenSession{srv: ts}, nil
	}))
	srv.Domain = "smtp.example.com"
	srv.ReadTimeout, srv.WriteTimeout = 5*time.Second, 5*time.Second
	ln, err := tls.Listen("tcp", "127.0.0.1:0", pair.Server)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	ep := transport.Endpoint{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Security: transport.SecurityTLS}
	return ts, ep, transport.Options{RootCAs: pair.Roots, Timeouts: transport.Timeouts{
		Connect: 2 * time.Second, TLS: 2 * time.Second, Greeting: 2 * time.Second, Command: 2 * time.Second, Transfer: 5 * time.Second}}
}

func TestLoginOAuth(t *testing.T) {
	cases := []struct {
		name  string
		mechs []string
		want  string
	}{
		{"xoauth2 only (Microsoft)", []string{"LOGIN", "XOAUTH2"}, "XOAUTH2"},
		{"oauthbearer preferred (Gmail)", []string{"LOGIN", "PLAIN", "XOAUTH2", "OAUTHBEARER"}, "OAUTHBEARER"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, ep, opts := startTokenSMTP(t, c.mechs...)

			cl, err := Dial(t.Context(), ep, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			if err := cl.LoginOAuth(t.Context(), tokenUser, goodToken); err != nil {
				t.Fatalf("right token refused: %v", err)
			}
			body := "Subject: hi\r\n\r\nhello\r\n"
			if _, err := cl.Send(t.Context(), Envelope{From: tokenUser, To: []string{"bob@example.com"}}, int64(len(body)),
				strings.NewReader(body), SendOptions{}); err != nil {
				t.Fatalf("send after token login: %v", err)
			}

			bad, err := Dial(t.Context(), ep, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer bad.Close()
			err = bad.LoginOAuth(t.Context(), tokenUser, "EwBwA8l6BAAU.revoked")
			te := wantCode(t, err, transport.CodeSMTPTokenRejected)
			if te.ServerCode != "535 5.7.8" {
				t.Errorf("server reply = %q %q; the error challenge was not answered as XOAUTH2/OAUTHBEARER require", te.ServerCode, te.ServerText)
			}
			var rej *transport.TokenRejection
			if !errors.As(err, &rej) || rej.Status != "invalid_token" {
				t.Errorf("the JSON challenge is not kept: %v", err)
			}
			if strings.Contains(err.Error(), "revoked") {
				t.Errorf("the token is in the error: %v", err)
			}

			srv.mu.Lock()
			defer srv.mu.Unlock()
			if len(srv.chosen) != 2 || srv.chosen[0] != c.want || srv.chosen[1] != c.want || srv.messages != 1 {
				t.Errorf("mechanisms chosen = %v (want %s twice), messages = %d", srv.chosen, c.want, srv.messages)
			}
		})
	}
}

func TestLoginOAuthNotOffered(t *testing.T) {
	srv, ep, opts := startTokenSMTP(t, "PLAIN", "LOGIN")
	cl, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	te := wantCode(t, cl.LoginOAuth(t.Context(), tokenUser, goodToken), transport.CodeOAuthNotOffered)
	if !errors.Is(te, transport.ErrNoTokenLogin) || te.ServerText != "AUTH PLAIN LOGIN" {
		t.Errorf("got %v (server text %q)", te, te.ServerText)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.chosen) != 0 {
		t.Errorf("client tried %v", srv.chosen)
	}
}

func TestLoginOAuthNeverInPlaintext(t *testing.T) {
	f, ep := startFake(t, transport.SecurityPlain, func(s *session) {
		s.send("220 fake.test ESMTP")
		s.ehlo("AUTH XOAUTH2 OAUTHBEARER")
		for l := s.read(); l != ""; l = s.read() {
			s.send("221 bye")
			return
		}
	})
	c, err := Dial(t.Context(), ep, f.options())
	if err != nil {
		t.Fatal(err)
	}
	te := wantCode(t, c.LoginOAuth(t.Context(), tokenUser, goodToken), transport.CodeSMTPEncryptionNeeded)
	if !errors.Is(te, ErrPlaintextAuth) {
		t.Errorf("error does not wrap ErrPlaintextAuth: %v", te)
	}
	c.Quit(t.Context())
	if l := sentAny(f.received(), "AUTH"); l != "" {
		t.Fatalf("client sent %q in plaintext", l)
	}
}
