package oauth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
	"golang.org/x/oauth2"

	"wren/transport"
)

func startMock(t *testing.T) (*mockoidc.MockOIDC, Config) {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	return m, Config{ClientID: m.ClientID, ClientSecret: m.ClientSecret, AuthURL: m.AuthorizationEndpoint(),
		TokenURL: m.TokenEndpoint(), Scopes: []string{"openid", "email"}, LoginHint: "me@example.com"}
}

// browser plays the user's browser: it follows the authorization URL
// through the provider (mockoidc approves at once) back to Wren's
// loopback address, and keeps the last page it got.
type browser struct {
	mu     sync.Mutex
	urls   []string
	status int
	page   string
}

func (b *browser) open(u string) error {
	b.mu.Lock()
	b.urls = append(b.urls, u)
	b.mu.Unlock()
	return b.get(u)
}

func (b *browser) get(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.status, b.page = resp.StatusCode, string(body)
	return err
}

func (b *browser) last() (int, string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.status, b.page
}

// redirectOf is the loopback redirect and state of an authorization URL.
func redirectOf(t *testing.T, authURL string) (redirect, state string) {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("redirect_uri"), u.Query().Get("state")
}

func TestSignInWithMockProvider(t *testing.T) {
	_, cfg := startMock(t)
	b := &browser{}
	tok, err := SignIn(t.Context(), cfg, b.open)
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token = %+v", tok)
	}
	status, page := b.last()
	if status != http.StatusOK || !strings.Contains(page, "return to Wren") {
		t.Errorf("browser got %d %q", status, page)
	}

	q := mustQuery(t, b.urls[0])
	redirect := q.Get("redirect_uri")
	if !strings.HasPrefix(redirect, "http://127.0.0.1:") || !strings.HasSuffix(redirect, "/") {
		t.Errorf("redirect %q is not a loopback address (RFC 8252)", redirect)
	}
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 || len(q.Get("state")) < 32 ||
		q.Get("login_hint") != "me@example.com" {
		t.Errorf("authorization URL lacks PKCE, state or hint: %v", q)
	}
	// One valid answer closes the loopback listener.
	if _, err := http.Get(redirect + "?state=" + q.Get("state") + "&code=again"); err == nil {
		t.Error("the loopback address still answers after the sign-in")
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// verifierSwap is the token request's transport: it records the PKCE
// verifier Wren sends and, when swap is set, sends another one instead.
type verifierSwap struct {
	swap bool

	mu       sync.Mutex
	verifier string
}

func (v *verifierSwap) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	v.verifier = form.Get("code_verifier")
	v.mu.Unlock()
	if v.swap {
		form.Set("code_verifier", oauth2.GenerateVerifier())
	}
	enc := form.Encode()
	r2 := r.Clone(r.Context())
	r2.Body, r2.ContentLength = io.NopCloser(strings.NewReader(enc)), int64(len(enc))
	return http.DefaultTransport.RoundTrip(r2)
}

// The provider checks the verifier against the challenge of the
// authorization URL: the right one passes, another is refused.
func TestSignInPKCEIsChecked(t *testing.T) {
	_, cfg := startMock(t)
	rt := &verifierSwap{}
	cfg.HTTPClient = &http.Client{Transport: rt}
	b := &browser{}
	if _, err := SignIn(t.Context(), cfg, b.open); err != nil {
		t.Fatal(err)
	}
	if got, want := oauth2.S256ChallengeFromVerifier(rt.verifier), mustQuery(t, b.urls[0]).Get("code_challenge"); got != want {
		t.Errorf("verifier sent does not match the challenge: %q vs %q", got, want)
	}

	rt.swap = true
	_, err := SignIn(t.Context(), cfg, (&browser{}).open)
	te, ok := transport.As(err)
	if !ok || !errors.Is(err, ErrInvalidGrant) || te.Code != transport.CodeOAuthDenied || te.Protocol != transport.ProtoOAuth ||
		!strings.Contains(te.ServerText, "did not match hashed code verifier") {
		t.Fatalf("a wrong verifier gave %v, want invalid_grant as OAUTH-03", err)
	}
}

func TestSignInRefusesWrongState(t *testing.T) {
	_, cfg := startMock(t)
	b := &browser{}
	var wrong struct {
		status int
		page   string
	}
	open := func(u string) error {
		redirect, _ := redirectOf(t, u)
		// A forged answer first: refused, and the sign-in waits on.
		if err := b.get(redirect + "?state=forged&code=stolen"); err != nil {
			return err
		}
		wrong.status, wrong.page = b.last()
		return b.open(u)
	}
	rt := &verifierSwap{}
	cfg.HTTPClient = &http.Client{Transport: rt}
	tok, err := SignIn(t.Context(), cfg, open)
	if err != nil {
		t.Fatal(err)
	}
	if wrong.status != http.StatusBadRequest || !strings.Contains(wrong.page, "does not belong") {
		t.Errorf("forged answer got %d %q", wrong.status, wrong.page)
	}
	if tok.RefreshToken == "" {
		t.Error("no refresh token")
	}
}

func TestSignInAccessDenied(t *testing.T) {
	_, cfg := startMock(t)
	b := &browser{}
	open := func(u string) error {
		redirect, state := redirectOf(t, u)
		return b.get(redirect + "?" + url.Values{"state": {state}, "error": {"access_denied"},
			"error_description": {"The user denied the request"}}.Encode())
	}
	_, err := SignIn(t.Context(), cfg, open)
	te, ok := transport.As(err)
	if !ok || te.Code != transport.CodeOAuthDenied || !errors.Is(err, ErrAccessDenied) || te.ServerCode != "access_denied" {
		t.Fatalf("got %v, want OAUTH-03 access_denied", err)
	}
	var pe *ProviderError
	if !errors.As(err, &pe) || pe.Step != transport.StepAuthorize || pe.Description != "The user denied the request" {
		t.Errorf("provider error = %+v", pe)
	}
	if status, page := b.last(); status != http.StatusOK || !strings.Contains(page, "return to Wren") {
		t.Errorf("browser got %d %q", status, page)
	}
}

func TestSignInInvalidClient(t *testing.T) {
	_, cfg := startMock(t)
	cfg.ClientSecret = "not-the-secret"
	_, err := SignIn(t.Context(), cfg, (&browser{}).open)
	if transport.CodeOf(err) != transport.CodeOAuthClientRefused || !errors.Is(err, ErrInvalidClient) {
		t.Fatalf("got %v, want OAUTH-02 invalid_client", err)
	}
}

// No browser: SignIn says so at once; Start gives the address to show.
func TestNoBrowser(t *testing.T) {
	_, cfg := startMock(t)
	noBrowser := errors.New("xdg-open: no method available")
	_, err := SignIn(t.Context(), cfg, func(string) error { return noBrowser })
	var be *BrowserError
	if !errors.As(err, &be) || !errors.Is(err, noBrowser) {
		t.Fatalf("got %v, want a BrowserError", err)
	}

	p, err := Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.URL, cfg.AuthURL+"?") {
		t.Fatalf("URL to copy = %q", p.URL)
	}
	// The user pastes the address into a browser elsewhere on this computer.
	done := make(chan error, 1)
	go func() { done <- (&browser{}).get(p.URL) }()
	tok, err := p.Wait(t.Context())
	if err != nil || tok.RefreshToken == "" {
		t.Fatalf("copied address: %v %v", tok, err)
	}
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func TestSignInBoundedWait(t *testing.T) {
	_, cfg := startMock(t)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	var redirect string
	_, err := SignIn(ctx, cfg, func(u string) error { redirect, _ = redirectOf(t, u); return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want the deadline", err)
	}
	if _, err := http.Get(redirect); err == nil {
		t.Error("the loopback address still answers after the sign-in gave up")
	}

	p, err := Start(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	go p.Close()
	if _, err := p.Wait(t.Context()); !errors.Is(err, ErrClosed) {
		t.Errorf("closed sign-in: %v", err)
	}
}

// A provider error names the code, the endpoint and the step.
func TestProviderErrorText(t *testing.T) {
	pe := &ProviderError{Step: transport.StepToken, Code: "invalid_grant", Description: "Token has been expired or revoked."}
	err := providerError(pe, "https://oauth2.googleapis.com/token")
	if got := err.Error(); !strings.Contains(got, "OAUTH-01 oauth oauth2.googleapis.com:443 at token") {
		t.Errorf("error = %q", got)
	}
}
