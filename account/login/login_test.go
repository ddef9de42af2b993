package login

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wren/account"
	"wren/account/oauth"
	"wren/account/secret"
	"wren/transport"
)

// fakeConn records the logins it was asked for; a token login is
// accepted only for accept (IMAP-28 otherwise).
type fakeConn struct {
	accept   string
	password []string
	tokens   []string
}

func (f *fakeConn) Login(_ context.Context, user, pw string) error {
	f.password = append(f.password, user+":"+pw)
	return nil
}

func (f *fakeConn) LoginOAuth(_ context.Context, _, token string) error {
	f.tokens = append(f.tokens, token)
	if token != f.accept {
		return &transport.Error{Code: transport.CodeIMAPTokenRejected, Protocol: transport.ProtoIMAP, Step: transport.StepAuth}
	}
	return nil
}

// passwordOnly is a POP3 connection: no token login.
type passwordOnly struct{}

func (passwordOnly) Login(context.Context, string, string) error { return nil }

// tokenEndpoint hands out access-N for each refresh, or invalid_grant
// once revoked.
type tokenEndpoint struct {
	mu      sync.Mutex
	n       int
	revoked bool
}

func (te *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	te.mu.Lock()
	defer te.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if te.revoked {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`)
		return
	}
	te.n++
	json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("access-%d", te.n), "token_type": "Bearer", "expires_in": 3600})
}

func setup(t *testing.T) (*Logins, *tokenEndpoint, *account.Account) {
	t.Helper()
	te := &tokenEndpoint{}
	srv := httptest.NewServer(te)
	t.Cleanup(srv.Close)
	path := filepath.Join(t.TempDir(), "provider.json")
	b, _ := json.Marshal(ProviderFile{Name: "Test", AuthURL: srv.URL + "/auth", TokenURL: srv.URL + "/token", ClientID: "wren", Scopes: []string{"mail"}})
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	a := &account.Account{Name: "me", Address: "me@example.test",
		Incoming: account.Server{Protocol: account.IMAP, Host: "imap.example.test", Port: 993, Username: "me@example.test", Auth: account.AuthOAuth2},
		Outgoing: account.Server{Protocol: account.SMTP, Host: "smtp.example.test", Port: 465, Username: "me@example.test", Auth: account.AuthPassword}}
	keys := &secret.Memory{}
	if err := oauth.Save(t.Context(), keys, oauth.TokenKey(a, a.Incoming), &oauth2.Token{RefreshToken: "refresh", AccessToken: "stale",
		Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	l := &Logins{
		Password: func(_ context.Context, _ *account.Account, s account.Server) (string, error) {
			return "pw-" + s.Host, nil
		},
		Tokens: keys,
		Getenv: func(k string) string { return map[string]string{EnvProvider: path}[k] },
	}
	return l, te, a
}

func TestLogInByMethod(t *testing.T) {
	l, te, a := setup(t)

	// The password server gets the password, never a token.
	c := &fakeConn{}
	if err := l.LogIn(t.Context(), a, a.Outgoing, c); err != nil || len(c.password) != 1 || c.password[0] != "me@example.test:pw-smtp.example.test" || len(c.tokens) != 0 {
		t.Fatalf("password login: %v %+v", err, c)
	}

	// The saved access token is refused (revoked early): renewed once and
	// the new one taken, on the same connection.
	c = &fakeConn{accept: "access-1"}
	if err := l.LogIn(t.Context(), a, a.Incoming, c); err != nil {
		t.Fatalf("token login: %v", err)
	}
	if len(c.tokens) != 2 || c.tokens[0] != "stale" || c.tokens[1] != "access-1" || len(c.password) != 0 {
		t.Fatalf("tokens tried = %q, passwords %q", c.tokens, c.password)
	}
	// The next connection shares the renewed token without a request.
	c = &fakeConn{accept: "access-1"}
	if err := l.LogIn(t.Context(), a, a.Incoming, c); err != nil || len(c.tokens) != 1 || te.n != 1 {
		t.Fatalf("second login: %v, tokens %q, %d refreshes", err, c.tokens, te.n)
	}

	// Refused again and the grant revoked: OAUTH-01, after one renewal.
	te.mu.Lock()
	te.revoked = true
	te.mu.Unlock()
	c = &fakeConn{accept: "never"}
	err := l.LogIn(t.Context(), a, a.Incoming, c)
	if transport.CodeOf(err) != transport.CodeOAuthGrantRevoked || !errors.Is(err, oauth.ErrInvalidGrant) || len(c.tokens) != 1 {
		t.Fatalf("revoked: %v, tokens %q", err, c.tokens)
	}

	// A token still refused after its renewal is the server's answer.
	l2, _, a2 := setup(t)
	c = &fakeConn{accept: "never"}
	if err := l2.LogIn(t.Context(), a2, a2.Incoming, c); transport.CodeOf(err) != transport.CodeIMAPTokenRejected || len(c.tokens) != 2 {
		t.Fatalf("refused twice: %v, tokens %q", err, c.tokens)
	}

	// POP3 has no token login.
	if err := l.LogIn(t.Context(), a, a.Incoming, passwordOnly{}); transport.CodeOf(err) != transport.CodeOAuthNotOffered {
		t.Fatalf("pop3 with a token: %v", err)
	}

	// Not signed in: the keyring has no token.
	l.Forget(a)
	b := *a
	b.Name = "other"
	if err := l.LogIn(t.Context(), &b, b.Incoming, &fakeConn{}); !errors.Is(err, oauth.ErrNotSignedIn) {
		t.Fatalf("no sign-in: %v", err)
	}
}

func TestProviderFor(t *testing.T) {
	none := func(string) string { return "" }
	if p, err := ProviderFor(none, "someone@gmail.com", "", nil); !errors.Is(err, ErrNotRegistered) {
		t.Errorf("gmail without a registered client: %+v %v", p, err)
	}
	if _, err := ProviderFor(none, "someone@example.org", "imap.example.org", nil); !errors.Is(err, ErrNoSignIn) {
		t.Errorf("unknown provider: %v", err)
	}
	// A custom domain on Google's servers is found by the host.
	if _, err := ProviderFor(none, "me@mydomain.example", "imap.gmail.com", nil); !errors.Is(err, ErrNotRegistered) {
		t.Errorf("custom domain at Google: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "p.json")
	os.WriteFile(bad, []byte(`{"name":"x"}`), 0o600)
	if _, err := ProviderFor(func(string) string { return bad }, "a@b.c", "", nil); err == nil {
		t.Error("a provider file without URLs was taken")
	}
}
