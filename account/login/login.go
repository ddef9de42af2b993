// Package login logs in to a saved account's servers with the method the
// account was set up with: the password from the keyring, or an OAuth2
// access token from the browser sign-in kept there. Every connection of a
// saved account logs in through it, so the two methods never drift apart
// between the window, the command line and the outbox.
package login

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"

	"wren/account"
	"wren/account/oauth"
	"wren/transport"
)

// Conn is a connection that logs in with a password (IMAP, POP3, SMTP).
type Conn interface {
	Login(ctx context.Context, username, password string) error
}

// tokenConn is a connection that also logs in with a token (IMAP, SMTP).
type tokenConn interface {
	LoginOAuth(ctx context.Context, username, accessToken string) error
}

// Password returns a server's password (the keyring, or the demo's
// memory).
type Password func(ctx context.Context, a *account.Account, s account.Server) (string, error)

// Logins logs in to saved accounts. It keeps one token source per server
// for the life of the process, so an access token is renewed once and
// shared by every connection. The zero value logs in with passwords only
// after Password is set; it is safe for concurrent use.
type Logins struct {
	Password Password
	// Tokens is the keyring the sign-ins are kept in; nil refuses token
	// logins.
	Tokens oauth.Store
	// Getenv reads WREN_OAUTH_PROVIDER (see Settings); nil is os.Getenv.
	Getenv func(string) string
	// HTTPClient makes the token requests; nil is oauth's default.
	HTTPClient *http.Client

	mu      sync.Mutex
	sources map[string]*oauth.TokenSource
}

// ErrNoTokenStore: a token login was asked of Logins without a keyring.
var ErrNoTokenStore = errors.New("login: no keyring for sign-in tokens")

// LogIn logs c in to server s of account a. A token the server refuses
// (IMAP-28, SMTP-14) may have been revoked before its expiry: it is
// renewed once and tried again on the same connection, which both
// protocols allow after a failed authentication.
func (l *Logins) LogIn(ctx context.Context, a *account.Account, s account.Server, c Conn) error {
	if s.Auth != account.AuthOAuth2 {
		if l.Password == nil {
			return fmt.Errorf("login: %w", account.ErrNoPassword)
		}
		pw, err := l.Password(ctx, a, s)
		if err != nil {
			return err
		}
		return c.Login(ctx, s.Username, pw)
	}
	tc, ok := c.(tokenConn)
	if !ok {
		// POP3 has no token login Wren speaks.
		return &transport.Error{Code: transport.CodeOAuthNotOffered, Server: s.Endpoint().Address(),
			Step: transport.StepAuth, Err: transport.ErrNoTokenLogin}
	}
	ts, err := l.Source(a, s)
	if err != nil {
		return err
	}
	for try := 0; ; try++ {
		tok, err := ts.Token(ctx)
		if err != nil {
			return err
		}
		err = tc.LoginOAuth(ctx, s.Username, tok.AccessToken)
		if try == 0 && refused(err) {
			ts.Expire()
			continue
		}
		return err
	}
}

// refused reports a server refusing a token (rather than the account).
func refused(err error) bool {
	switch transport.CodeOf(err) {
	case transport.CodeIMAPTokenRejected, transport.CodeSMTPTokenRejected:
		return true
	}
	return false
}

// Source is the token source of server s of account a, made on first use.
func (l *Logins) Source(a *account.Account, s account.Server) (*oauth.TokenSource, error) {
	if l.Tokens == nil {
		return nil, ErrNoTokenStore
	}
	key := oauth.TokenKey(a, s)
	l.mu.Lock()
	defer l.mu.Unlock()
	if ts := l.sources[key]; ts != nil {
		return ts, nil
	}
	cfg, err := Settings(a.Address, a.Incoming.Host, l.getenv)
	if err != nil {
		return nil, err
	}
	cfg.HTTPClient = l.HTTPClient
	ts := oauth.NewTokenSource(cfg, l.Tokens, key)
	if l.sources == nil {
		l.sources = map[string]*oauth.TokenSource{}
	}
	l.sources[key] = ts
	return ts, nil
}

// Forget drops a's token sources, so the next login reads the keyring
// again (after signing in anew, or when the account is removed).
func (l *Logins) Forget(a *account.Account) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		delete(l.sources, oauth.TokenKey(a, s))
	}
}

func (l *Logins) getenv(k string) string {
	if l.Getenv != nil {
		return l.Getenv(k)
	}
	return os.Getenv(k)
}

// KeyOf is the keyring entry server s of account a logs in with: its
// password, or its browser sign-in; "" for a server without login.
func KeyOf(a *account.Account, s account.Server) string {
	switch {
	case s.Host == "":
		return ""
	case s.Auth == account.AuthPassword:
		return a.SecretKey(s)
	case s.Auth == account.AuthOAuth2:
		return oauth.TokenKey(a, s)
	}
	return ""
}
