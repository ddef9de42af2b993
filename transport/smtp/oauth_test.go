package smtp

import (
	"errors"
	"strings"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
	"wren/transport/testmail"
)

const (
	tokenUser = "me@example.com"
	goodToken = "EwBwA8l6BAAU.good-access-token"
)

// startTokenSMTP is testmail's token-only SMTP server taking goodToken
// for tokenUser with the given mechanisms.
func startTokenSMTP(t *testing.T, mechs ...string) (*testmail.TokenSMTP, transport.Endpoint, transport.Options) {
	t.Helper()
	pair := testcert.New(t)
	ts := testmail.StartTokenSMTP(t, testmail.TokenConfig{User: tokenUser, Mechanisms: mechs, TLS: pair.Server,
		Accept: func(tok string) bool { return tok == goodToken }})
	ep := transport.Endpoint{Host: ts.Host, Port: ts.Port, Security: transport.SecurityTLS}
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

			if got := srv.Chosen(); len(got) != 2 || got[0] != c.want || got[1] != c.want || srv.Messages() != 1 {
				t.Errorf("mechanisms chosen = %v (want %s twice), messages = %d", got, c.want, srv.Messages())
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
	if got := srv.Chosen(); len(got) != 0 {
		t.Errorf("client tried %v", got)
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
