package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"wren/account"
	"wren/account/secret"
	"wren/transport"
)

// RefreshMargin is how long before its expiry an access token is renewed:
// a token that runs out during a login or a long IDLE fails mid-session.
const RefreshMargin = 2 * time.Minute

// Store is the keyring as this package needs it (account/secret's
// Keyring, Fallback and Memory all are one).
type Store interface {
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, value string) error
	Delete(ctx context.Context, key string) error
}

// TokenKey is the keyring entry of server s's sign-in: the password key
// with a suffix, so the two never mix and renaming or removing the
// account finds both the same way.
func TokenKey(a *account.Account, s account.Server) string { return a.SecretKey(s) + "/oauth2" }

// stored is the keyring form. The access token is kept too, so that a new
// run does not refresh at once; the refresh token is what matters.
type stored struct {
	Refresh string    `json:"refresh_token"`
	Access  string    `json:"access_token,omitempty"`
	Type    string    `json:"token_type,omitempty"`
	Expiry  time.Time `json:"expiry,omitzero"`
}

// Save keeps tok under key. A keyring that finds the whole too large
// (Windows' Credential Manager limits entries to 2.5 KB, and Microsoft's
// access tokens come close) gets the refresh token alone.
func Save(ctx context.Context, st Store, key string, tok *oauth2.Token) error {
	if tok == nil || tok.RefreshToken == "" {
		return ErrNoRefreshToken
	}
	full := stored{Refresh: tok.RefreshToken, Access: tok.AccessToken, Type: tok.TokenType, Expiry: tok.Expiry}
	b, err := json.Marshal(full)
	if err != nil {
		return fmt.Errorf("sign-in: encoding the token: %w", err)
	}
	err = st.Set(ctx, key, string(b))
	if errors.Is(err, secret.ErrTooLarge) {
		b, _ = json.Marshal(stored{Refresh: tok.RefreshToken})
		err = st.Set(ctx, key, string(b))
	}
	if err != nil {
		return fmt.Errorf("sign-in: saving to the keyring: %w", err)
	}
	return nil
}

// Load reads the sign-in under key. No entry is ErrNotSignedIn (which
// also matches account.ErrNoPassword, the keyring's own sentinel).
func Load(ctx context.Context, st Store, key string) (*oauth2.Token, error) {
	v, err := st.Get(ctx, key)
	if errors.Is(err, account.ErrNoPassword) {
		return nil, fmt.Errorf("%w: %w", ErrNotSignedIn, err)
	}
	if err != nil {
		return nil, fmt.Errorf("sign-in: reading the keyring: %w", err)
	}
	var s stored
	if err := json.Unmarshal([]byte(v), &s); err != nil || s.Refresh == "" {
		// Never quote the entry: it holds the token.
		return nil, fmt.Errorf("%w: the keyring entry is not a sign-in", ErrNotSignedIn)
	}
	return &oauth2.Token{RefreshToken: s.Refresh, AccessToken: s.Access, TokenType: s.Type, Expiry: s.Expiry}, nil
}

// TokenSource hands out access tokens for one server's sign-in, renewing
// them RefreshMargin before they expire and saving a renewed (rotated)
// refresh token to the keyring. It is safe for concurrent use; callers
// waiting during a renewal share its result.
type TokenSource struct {
	cfg   Config
	store Store
	key   string
	now   func() time.Time

	mu    sync.Mutex
	tok   *oauth2.Token // nil until loaded
	dirty bool          // tok is newer than the keyring
}

// NewTokenSource serves the sign-in kept under key.
func NewTokenSource(cfg Config, st Store, key string) *TokenSource {
	return &TokenSource{cfg: cfg, store: st, key: key, now: time.Now}
}

// Token returns a valid access token. A refused refresh token (revoked,
// expired) is OAUTH-01: only signing in again helps.
func (ts *TokenSource) Token(ctx context.Context) (*oauth2.Token, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.tok == nil {
		tok, err := Load(ctx, ts.store, ts.key)
		if err != nil {
			return nil, err
		}
		ts.tok = tok
	}
	if ts.dirty {
		if err := ts.save(ctx); err != nil {
			return nil, err
		}
	}
	if ts.tok.AccessToken != "" && ts.now().Add(RefreshMargin).Before(ts.tok.Expiry) {
		return cloneToken(ts.tok), nil
	}
	fresh, err := ts.cfg.oauth2("").TokenSource(ts.cfg.httpContext(ctx), &oauth2.Token{RefreshToken: ts.tok.RefreshToken}).Token()
	if err != nil {
		return nil, tokenError(err, ts.cfg.TokenURL, transport.StepToken)
	}
	if fresh.RefreshToken == "" {
		fresh.RefreshToken = ts.tok.RefreshToken
	}
	ts.tok, ts.dirty = fresh, true
	if err := ts.save(ctx); err != nil {
		// The new token serves this run; the save is retried on the next
		// call, but the caller learns now that the keyring is failing.
		return nil, err
	}
	return cloneToken(ts.tok), nil
}

func (ts *TokenSource) save(ctx context.Context) error {
	if err := Save(ctx, ts.store, ts.key, ts.tok); err != nil {
		return err
	}
	ts.dirty = false
	return nil
}

// Expire forgets the current access token, so the next Token renews it:
// for a server that refused a token that had not expired yet (SMTP-14,
// IMAP-28), which deserves one renewal before asking the user.
func (ts *TokenSource) Expire() {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.tok != nil {
		ts.tok.AccessToken, ts.tok.Expiry = "", time.Time{}
	}
}

func cloneToken(t *oauth2.Token) *oauth2.Token {
	c := *t
	return &c
}
