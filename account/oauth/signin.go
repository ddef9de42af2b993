// Package oauth signs in to a mail provider in the browser (OAuth2
// authorization code with PKCE and a loopback redirect, RFC 8252) and
// keeps the result in the OS keyring only, refreshing access tokens
// before they expire. It has no user interface: the caller opens the
// browser and shows the address to copy when none opens.
package oauth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"wren/assets/providers"
	"wren/transport"
)

// DefaultWait bounds a sign-in whose context has no deadline: a browser
// tab left open must not keep a port listening forever.
const DefaultWait = 10 * time.Minute

// Config is one provider's sign-in, for one user.
type Config struct {
	ClientID     string
	ClientSecret string // empty for public clients
	AuthURL      string
	TokenURL     string
	Scopes       []string
	// AuthParams are extra parameters of the authorization URL.
	AuthParams map[string]string
	// LoginHint pre-fills the address on the provider's page.
	LoginHint string
	// HTTPClient makes the token requests; nil is a client with a 30 s
	// timeout.
	HTTPClient *http.Client
}

// ConfigFor is the sign-in of address with provider settings o.
func ConfigFor(o providers.OAuth2, address string) Config {
	return Config{ClientID: o.ClientID, ClientSecret: o.ClientSecret, AuthURL: o.AuthURL, TokenURL: o.TokenURL,
		Scopes: o.Scopes, AuthParams: o.AuthParams, LoginHint: address}
}

var defaultClient = &http.Client{Timeout: 30 * time.Second}

func (c Config) oauth2(redirect string) *oauth2.Config {
	return &oauth2.Config{ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURL: redirect, Scopes: c.Scopes,
		// In the body: public clients have no secret for Basic auth, and
		// guessing the style costs a failed request per refresh.
		Endpoint: oauth2.Endpoint{AuthURL: c.AuthURL, TokenURL: c.TokenURL, AuthStyle: oauth2.AuthStyleInParams}}
}

// httpContext carries the client the oauth2 package uses for requests.
func (c Config) httpContext(ctx context.Context) context.Context {
	hc := c.HTTPClient
	if hc == nil {
		hc = defaultClient
	}
	return context.WithValue(ctx, oauth2.HTTPClient, hc)
}

// callback is what the browser brought back to the loopback address.
type callback struct {
	code string
	err  *ProviderError
}

// Pending is a sign-in waiting for the browser. URL is the provider's
// page: open it, and show it to copy in case no browser opens.
type Pending struct {
	URL string

	cfg      Config
	oc       *oauth2.Config
	verifier string
	state    string
	srv      *http.Server
	result   chan callback
	stopped  chan struct{} // closed by Close
	once     sync.Once
	stopOnce sync.Once
}

// ErrClosed: the sign-in was abandoned with Close.
var ErrClosed = errors.New("sign-in: stopped")

// Start listens on 127.0.0.1 (a port the system picks) for the provider's
// redirect and prepares the authorization URL with a PKCE S256 challenge
// and a random state.
func Start(ctx context.Context, cfg Config) (*Pending, error) {
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sign-in: listening for the browser: %w", err)
	}
	state, err := randomString()
	if err != nil {
		ln.Close()
		return nil, err
	}
	redirect := "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/"
	p := &Pending{cfg: cfg, oc: cfg.oauth2(redirect), verifier: oauth2.GenerateVerifier(), state: state,
		result: make(chan callback, 1), stopped: make(chan struct{})}
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(p.verifier)}
	for k, v := range cfg.AuthParams {
		opts = append(opts, oauth2.SetAuthURLParam(k, v))
	}
	if cfg.LoginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", cfg.LoginHint))
	}
	p.URL = p.oc.AuthCodeURL(state, opts...)
	p.srv = &http.Server{Handler: http.HandlerFunc(p.serve), ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

func randomString() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("sign-in: random state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// serve answers the browser. Only a request carrying this sign-in's state
// counts; anything else (another tab, a forged link) is refused and the
// wait goes on.
func (p *Pending) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Path != "/" {
		http.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(p.state)) != 1 {
		page(w, http.StatusBadRequest, "Not this sign-in",
			"This answer does not belong to the sign-in Wren is waiting for. Return to Wren and start the sign-in again if it does not finish.")
		return
	}
	var cb callback
	switch {
	case q.Get("error") != "":
		cb.err = &ProviderError{Step: transport.StepAuthorize, Code: q.Get("error"), Description: q.Get("error_description")}
	case q.Get("code") != "":
		cb.code = q.Get("code")
	default:
		page(w, http.StatusBadRequest, "Incomplete answer", "The sign-in page sent no result. Return to Wren and try again.")
		return
	}
	delivered := false
	p.once.Do(func() { p.result <- cb; delivered = true })
	switch {
	case !delivered:
		page(w, http.StatusOK, "Already done", "This sign-in has already finished. You can close this tab and return to Wren.")
	case cb.err != nil:
		page(w, http.StatusOK, "Sign-in not completed", "The sign-in did not complete. You can close this tab and return to Wren.")
	default:
		page(w, http.StatusOK, "Signed in", "You can close this tab and return to Wren.")
	}
}

func page(w http.ResponseWriter, status int, title, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Wren: %s</title></head>"+
		"<body><h1>%s</h1><p>%s</p></body></html>\n", html.EscapeString(title), html.EscapeString(title), html.EscapeString(text))
}

// Wait returns the tokens once the browser comes back with a valid answer
// and the code is exchanged, or fails when ctx ends (after DefaultWait if
// ctx has no deadline). The loopback listener is closed either way.
func (p *Pending) Wait(ctx context.Context) (*oauth2.Token, error) {
	defer p.Close()
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultWait)
		defer cancel()
	}
	var cb callback
	select {
	case cb = <-p.result:
	case <-ctx.Done():
		return nil, fmt.Errorf("sign-in: waiting for the browser: %w", ctx.Err())
	case <-p.stopped:
		return nil, ErrClosed
	}
	p.Close() // one valid answer is all this sign-in takes
	if cb.err != nil {
		return nil, providerError(cb.err, p.cfg.AuthURL)
	}
	tok, err := p.oc.Exchange(p.cfg.httpContext(ctx), cb.code, oauth2.VerifierOption(p.verifier))
	if err != nil {
		return nil, tokenError(err, p.cfg.TokenURL, transport.StepAuthorize)
	}
	if tok.RefreshToken == "" {
		return nil, &transport.Error{Code: transport.CodeOAuthClientRefused, Protocol: transport.ProtoOAuth,
			Server: serverOf(p.cfg.TokenURL), Step: transport.StepAuthorize, Err: ErrNoRefreshToken}
	}
	return tok, nil
}

// Close stops listening for the browser; Wait fails if it still waits.
func (p *Pending) Close() error {
	p.stopOnce.Do(func() {
		close(p.stopped)
		// Shutdown lets the answer page of a finished request go out.
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if p.srv.Shutdown(ctx) != nil {
			p.srv.Close()
		}
	})
	return nil
}

// BrowserError is a sign-in that could not open the browser.
type BrowserError struct{ Err error }

func (e *BrowserError) Error() string { return "sign-in: opening the browser: " + e.Err.Error() }
func (e *BrowserError) Unwrap() error { return e.Err }

// SignIn runs a whole sign-in: Start, open(URL), Wait. When open fails it
// returns a *BrowserError at once; a caller that wants to show the address
// to copy instead uses Start and Pending.URL.
func SignIn(ctx context.Context, cfg Config, open func(url string) error) (*oauth2.Token, error) {
	p, err := Start(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := open(p.URL); err != nil {
		p.Close()
		return nil, &BrowserError{Err: err}
	}
	return p.Wait(ctx)
}
