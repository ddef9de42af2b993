package imap

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
	"wren/transport/testmail"
)

const (
	tokenUser = "me@example.com"
	goodToken = "ya29.good-access-token"
)

// startTokenIMAP is testmail's token-only IMAP server taking goodToken
// for tokenUser with the given SASL mechanisms.
func startTokenIMAP(t *testing.T, mechs ...string) (*testmail.TokenIMAP, transport.Endpoint, transport.Options) {
	t.Helper()
	pair := testcert.New(t)
	ti := testmail.StartTokenIMAP(t, testmail.TokenConfig{User: tokenUser, Mechanisms: mechs, TLS: pair.Server,
		Accept: func(tok string) bool { return tok == goodToken }})
	ep := transport.Endpoint{Host: ti.Host, Port: ti.Port, Security: transport.SecurityTLS}
	return ti, ep, transport.Options{RootCAs: pair.Roots, Timeouts: transport.Timeouts{
		Connect: 2 * time.Second, TLS: 2 * time.Second, Greeting: 2 * time.Second, Command: 2 * time.Second}}
}

func TestLoginOAuth(t *testing.T) {
	cases := []struct {
		name  string
		mechs []string
		want  string
	}{
		{"xoauth2 only (Microsoft)", []string{"XOAUTH2"}, "XOAUTH2"},
		{"oauthbearer preferred (Gmail)", []string{"XOAUTH2", "OAUTHBEARER", "PLAIN"}, "OAUTHBEARER"},
		{"oauthbearer only", []string{"OAUTHBEARER"}, "OAUTHBEARER"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			srv, ep, opts := startTokenIMAP(t, c.mechs...)

			cl, err := Dial(t.Context(), ep, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			if err := cl.LoginOAuth(t.Context(), tokenUser, goodToken); err != nil {
				t.Fatalf("right token refused: %v", err)
			}
			if _, err := cl.Select(t.Context(), "INBOX", false); err != nil {
				t.Fatalf("select after token login: %v", err)
			}

			bad, err := Dial(t.Context(), ep, opts)
			if err != nil {
				t.Fatal(err)
			}
			defer bad.Close()
			err = bad.LoginOAuth(t.Context(), tokenUser, "ya29.expired")
			te, ok := transport.As(err)
			if !ok || te.Code != transport.CodeIMAPTokenRejected || te.Step != transport.StepAuth {
				t.Fatalf("wrong token: got %v, want IMAP-28 at auth", err)
			}
			// The server got its answer to the error challenge and said NO.
			if te.ServerCode != "NO AUTHENTICATIONFAILED" || !strings.Contains(te.ServerText, "Invalid credentials") {
				t.Errorf("server reply = %q %q", te.ServerCode, te.ServerText)
			}
			var rej *transport.TokenRejection
			if !errors.As(err, &rej) || rej.Status != "invalid_token" || rej.Scope != "https://mail.google.com/" {
				t.Errorf("the JSON challenge is not kept: %v", err)
			}
			if strings.Contains(err.Error(), "ya29.expired") {
				t.Errorf("the token is in the error: %v", err)
			}
			if got := srv.Chosen(); len(got) != 2 || got[0] != c.want || got[1] != c.want {
				t.Errorf("mechanisms chosen = %v, want %s twice", got, c.want)
			}
		})
	}
}

func TestLoginOAuthNotOffered(t *testing.T) {
	srv, ep, opts := startTokenIMAP(t, "PLAIN")
	cl, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	err = cl.LoginOAuth(t.Context(), tokenUser, goodToken)
	if transport.CodeOf(err) != transport.CodeOAuthNotOffered || !errors.Is(err, transport.ErrNoTokenLogin) {
		t.Fatalf("got %v, want OAUTH-04", err)
	}
	if got := srv.Chosen(); len(got) != 0 {
		t.Errorf("client tried %v", got)
	}
}

func TestLoginOAuthNeverInPlaintext(t *testing.T) {
	f := newFake(t, false)
	f.greet = func(s *fsess) bool {
		s.send("* OK [CAPABILITY IMAP4rev1 AUTH=XOAUTH2 AUTH=OAUTHBEARER SASL-IR] plain\r\n")
		return true
	}
	ep, opts := f.start()
	ep.Security = transport.SecurityPlain
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.LoginOAuth(t.Context(), tokenUser, goodToken); transport.CodeOf(err) != transport.CodeIMAPPrivacyRequired ||
		!errors.Is(err, ErrPlaintextAuth) {
		t.Fatalf("got %v, want IMAP-11", err)
	}
	for _, l := range f.got() {
		if strings.Contains(strings.ToUpper(l), "AUTHENTICATE") {
			t.Errorf("client sent %q without TLS", l)
		}
	}
}

// A server without SASL-IR asks for the initial response with an empty
// challenge; the token goes then, and a refusal is still IMAP-28.
func TestLoginOAuthWithoutSASLIR(t *testing.T) {
	f := newFake(t, true)
	f.caps = "IMAP4rev1 AUTH=XOAUTH2"
	var got []string
	var mu sync.Mutex
	f.handlers["AUTHENTICATE"] = func(s *fsess, tag, args string) {
		s.send("+ \r\n")
		ir, _ := s.line()
		s.send("+ eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIn0=\r\n")
		answer, _ := s.line()
		mu.Lock()
		got = append(got, args, ir, answer)
		mu.Unlock()
		s.send(tag + " NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)\r\n")
	}
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.LoginOAuth(t.Context(), tokenUser, goodToken)
	var rej *transport.TokenRejection
	if transport.CodeOf(err) != transport.CodeIMAPTokenRejected || !errors.As(err, &rej) || rej.Status != "401" {
		t.Fatalf("got %v, want IMAP-28 with status 401", err)
	}
	mu.Lock()
	defer mu.Unlock()
	// "user=me@example.com\x01auth=Bearer ya29.good-access-token\x01\x01"
	if len(got) != 3 || got[0] != "XOAUTH2" || got[1] != "dXNlcj1tZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5Lmdvb2QtYWNjZXNzLXRva2VuAQE=" || got[2] != "=" {
		t.Errorf("exchange = %q", got)
	}
}
