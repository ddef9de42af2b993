package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"wren/account"
	"wren/account/explain"
	"wren/account/secret"
	"wren/transport"
)

// tokenEndpoint is a provider's token endpoint for refreshes: it accepts
// the refresh tokens in valid and, when rotate is set, replaces the one
// used with a new one (as Microsoft does).
type tokenEndpoint struct {
	rotate bool
	delay  time.Duration

	mu        sync.Mutex
	valid     map[string]bool
	refreshes int
}

func (e *tokenEndpoint) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	time.Sleep(e.delay)
	if r.ParseForm() != nil || r.Form.Get("grant_type") != "refresh_token" || r.Form.Get("client_id") != "wren-test" {
		http.Error(w, `{"error":"invalid_request"}`, http.StatusBadRequest)
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	rt := r.Form.Get("refresh_token")
	w.Header().Set("Content-Type", "application/json")
	if !e.valid[rt] {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"invalid_grant","error_description":"Token has been expired or revoked."}`)
		return
	}
	e.refreshes++
	resp := map[string]any{"access_token": fmt.Sprintf("at-%d", e.refreshes), "token_type": "Bearer", "expires_in": 3600}
	if e.rotate {
		next := fmt.Sprintf("rt-%d", e.refreshes)
		delete(e.valid, rt)
		e.valid[next] = true
		resp["refresh_token"] = next
	}
	json.NewEncoder(w).Encode(resp)
}

func (e *tokenEndpoint) count() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.refreshes
}

func startEndpoint(t *testing.T, e *tokenEndpoint) Config {
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	return Config{ClientID: "wren-test", AuthURL: srv.URL + "/auth", TokenURL: srv.URL + "/token", Scopes: []string{"https://mail.google.com/"}}
}

var (
	acct = &account.Account{Name: "Work", Address: "me@gmail.com"}
	imap = account.Server{Protocol: account.IMAP, Host: "imap.gmail.com", Port: 993, Username: "me@gmail.com", Auth: account.AuthOAuth2}
)

func TestTokenKey(t *testing.T) {
	if got := TokenKey(acct, imap); got != acct.SecretKey(imap)+"/oauth2" || got != "me@gmail.com@imap.gmail.com:993/imap#work/oauth2" {
		t.Errorf("key = %q", got)
	}
}

func saved(t *testing.T, st *secret.Memory, key string) *oauth2.Token {
	t.Helper()
	tok, err := Load(t.Context(), st, key)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokenSourceRefreshesBeforeExpiry(t *testing.T) {
	e := &tokenEndpoint{rotate: true, valid: map[string]bool{"rt-0": true}}
	cfg := startEndpoint(t, e)
	st := &secret.Memory{}
	key := TokenKey(acct, imap)
	now := time.Now()
	// Still valid for a minute: inside the margin, so renewed before use.
	if err := Save(t.Context(), st, key, &oauth2.Token{RefreshToken: "rt-0", AccessToken: "at-0", Expiry: now.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	ts := NewTokenSource(cfg, st, key)
	ts.now = func() time.Time { return now }

	tok, err := ts.Token(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "at-1" || e.count() != 1 {
		t.Fatalf("token %q after %d refreshes, want at-1 after 1", tok.AccessToken, e.count())
	}
	if s := saved(t, st, key); s.RefreshToken != "rt-1" || s.AccessToken != "at-1" || s.Expiry.Before(now.Add(50*time.Minute)) {
		t.Errorf("keyring holds %+v, want the rotated rt-1 and at-1", s)
	}

	// Valid: used as it is.
	if tok, err := ts.Token(t.Context()); err != nil || tok.AccessToken != "at-1" || e.count() != 1 {
		t.Fatalf("second call: %v %v, %d refreshes", tok, err, e.count())
	}

	// 59 minutes on, one minute is left: renewed with the rotated token.
	now = now.Add(59 * time.Minute)
	if tok, err := ts.Token(t.Context()); err != nil || tok.AccessToken != "at-2" {
		t.Fatalf("near expiry: %v %v", tok, err)
	}
	if s := saved(t, st, key); s.RefreshToken != "rt-2" {
		t.Errorf("keyring holds %q, want rt-2", s.RefreshToken)
	}

	// A new run (on the real clock: at-2 was just issued) starts from the
	// keyring without refreshing.
	again := NewTokenSource(cfg, st, key)
	if tok, err := again.Token(t.Context()); err != nil || tok.AccessToken != "at-2" || e.count() != 2 {
		t.Fatalf("new run: %v %v, %d refreshes", tok, err, e.count())
	}

	// A server refused the token: one renewal on request.
	again.Expire()
	if tok, err := again.Token(t.Context()); err != nil || tok.AccessToken != "at-3" {
		t.Fatalf("after Expire: %v %v", tok, err)
	}
}

func TestTokenSourceConcurrent(t *testing.T) {
	e := &tokenEndpoint{rotate: true, delay: 50 * time.Millisecond, valid: map[string]bool{"rt-0": true}}
	cfg := startEndpoint(t, e)
	st := &secret.Memory{}
	key := TokenKey(acct, imap)
	if err := Save(t.Context(), st, key, &oauth2.Token{RefreshToken: "rt-0"}); err != nil {
		t.Fatal(err)
	}
	ts := NewTokenSource(cfg, st, key)
	var wg sync.WaitGroup
	got := make([]string, 20)
	for i := range got {
		wg.Go(func() {
			tok, err := ts.Token(t.Context())
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = tok.AccessToken
		})
	}
	wg.Wait()
	for i, at := range got {
		if at != "at-1" {
			t.Errorf("caller %d got %q", i, at)
		}
	}
	if n := e.count(); n != 1 {
		t.Errorf("%d refreshes for 20 concurrent callers, want 1 (a rotated refresh token is single-use)", n)
	}
}

func TestRevokedGrant(t *testing.T) {
	e := &tokenEndpoint{valid: map[string]bool{}}
	cfg := startEndpoint(t, e)
	st := &secret.Memory{}
	key := TokenKey(acct, imap)
	if err := Save(t.Context(), st, key, &oauth2.Token{RefreshToken: "1//revoked-refresh-token", AccessToken: "ya29.old",
		Expiry: time.Now().Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	_, err := NewTokenSource(cfg, st, key).Token(t.Context())
	te, ok := transport.As(err)
	if !ok || te.Code != transport.CodeOAuthGrantRevoked || te.Step != transport.StepToken || !errors.Is(err, ErrInvalidGrant) {
		t.Fatalf("got %v, want OAUTH-01 at token", err)
	}
	if strings.Contains(err.Error(), "revoked-refresh-token") || strings.Contains(err.Error(), "ya29") {
		t.Errorf("a token is in the error: %v", err)
	}
	e1 := explain.Explain(err, explain.Context{Provider: explain.Provider{Name: "Gmail"}})
	if e1.Code != "OAUTH-01" || e1.Fix != "Sign in to Gmail again: Settings → Accounts → Sign in again… (on the command line: wren account signin ACCOUNT)." ||
		!strings.Contains(e1.Explanation, "Gmail no longer accepts") || e1.Retry != explain.RetryNo {
		t.Errorf("explanation = %+v", e1)
	}
	// The sign-in stays in the keyring: signing in again replaces it.
	if _, err := Load(t.Context(), st, key); err != nil {
		t.Errorf("the stored sign-in is gone: %v", err)
	}
}

func TestNotSignedIn(t *testing.T) {
	cfg := startEndpoint(t, &tokenEndpoint{})
	st := &secret.Memory{}
	_, err := NewTokenSource(cfg, st, "nobody").Token(t.Context())
	if !errors.Is(err, ErrNotSignedIn) || !errors.Is(err, account.ErrNoPassword) {
		t.Errorf("got %v", err)
	}
	st.Set(t.Context(), "password", "hunter2")
	if _, err := Load(t.Context(), st, "password"); !errors.Is(err, ErrNotSignedIn) || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("a password entry read as a sign-in: %v", err)
	}
	if err := Save(t.Context(), st, "k", &oauth2.Token{AccessToken: "only"}); !errors.Is(err, ErrNoRefreshToken) {
		t.Errorf("saved a token without refresh token: %v", err)
	}
}

// flakyStore is a keyring that refuses large entries, or every write
// while failing is set.
type flakyStore struct {
	secret.Memory
	max     int
	failing bool
}

func (f *flakyStore) Set(ctx context.Context, key, value string) error {
	if f.failing {
		return fmt.Errorf("keyring: %w", account.ErrKeyringLocked)
	}
	if f.max > 0 && len(value) > f.max {
		return fmt.Errorf("keyring: %w", secret.ErrTooLarge)
	}
	return f.Memory.Set(ctx, key, value)
}

func TestSaveTooLargeKeepsRefreshToken(t *testing.T) {
	st := &flakyStore{max: 100}
	tok := &oauth2.Token{RefreshToken: "rt", AccessToken: strings.Repeat("x", 200), Expiry: time.Now().Add(time.Hour)}
	if err := Save(t.Context(), st, "k", tok); err != nil {
		t.Fatal(err)
	}
	got, err := Load(t.Context(), st, "k")
	if err != nil || got.RefreshToken != "rt" || got.AccessToken != "" {
		t.Errorf("loaded %+v %v", got, err)
	}
}

// A rotated refresh token that cannot be saved is reported, kept in
// memory and saved by the next call.
func TestRotatedTokenSavedLater(t *testing.T) {
	e := &tokenEndpoint{rotate: true, valid: map[string]bool{"rt-0": true}}
	cfg := startEndpoint(t, e)
	st := &flakyStore{}
	if err := Save(t.Context(), st, "k", &oauth2.Token{RefreshToken: "rt-0"}); err != nil {
		t.Fatal(err)
	}
	ts := NewTokenSource(cfg, st, "k")
	st.failing = true
	if _, err := ts.Token(t.Context()); !errors.Is(err, account.ErrKeyringLocked) {
		t.Fatalf("got %v, want the keyring's error", err)
	}
	st.failing = false
	tok, err := ts.Token(t.Context())
	if err != nil || tok.AccessToken != "at-1" || e.count() != 1 {
		t.Fatalf("next call: %v %v, %d refreshes", tok, err, e.count())
	}
	if got, _ := Load(t.Context(), st, "k"); got == nil || got.RefreshToken != "rt-1" {
		t.Errorf("keyring holds %+v, want rt-1", got)
	}
}
