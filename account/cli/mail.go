package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"wren/account"
	"wren/account/login"
	"wren/account/outbox"
	"wren/account/profile"
	"wren/account/session"
	"wren/account/setup"
	"wren/account/store"
	"wren/transport"
)

// openStore opens the profile's local mail store.
func (c *cmdContext) openStore() (*store.Store, error) {
	paths, err := profile.Locate(c.g.profile, c.io.Getenv)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(paths.Data, 0o700); err != nil {
		return nil, fmt.Errorf("profile data folder: %w", err)
	}
	st, err := store.Open(c.ctx, filepath.Join(paths.Data, "mail.db"))
	if err != nil {
		return nil, err
	}
	// A send an earlier run left half-done may have gone out: it waits
	// for the user as "may have been sent", never resent blindly.
	if n, err := outbox.RecoverInterrupted(c.ctx, outbox.OnStore(st)); err != nil {
		st.Close()
		return nil, err
	} else if n > 0 {
		c.io.Logger.Warn("messages interrupted while sending are marked as may have been sent", "count", n)
	}
	// Message files a crash left unqueued take space only: an hour on,
	// no process is about to queue them.
	if _, err := st.SweepOutboxFiles(c.ctx, time.Hour); err != nil {
		c.io.Logger.Warn("outbox files not swept", "err", err)
	}
	return st, nil
}

// outboxOf is account a's outbox over st, as the window wires it.
func (c *cmdContext) outboxOf(a *account.Account, st *store.Store) *outbox.Outbox {
	return session.OutboxFor(outbox.OnStore(st), st, a, session.LogInFor(c.login(), a),
		func(s account.Server) transport.Options { return c.serverOptions(a, s) }, c.io.Logger)
}

// serverOptions are the connection settings for one of a's servers: its
// pinned certificate, the resolver it was set up with, the test roots.
func (c *cmdContext) serverOptions(a *account.Account, s account.Server) transport.Options {
	o := setup.DialOptions(a, transport.Options{RootCAs: c.env.RootCAs, Timeouts: c.env.Timeouts, Logger: c.io.Logger})
	o.Pin = s.Pin
	return o
}

// login logs in to saved accounts with their method: one per command, so
// that the command's connections share a renewed access token.
func (c *cmdContext) login() *login.Logins {
	c.loginsOnce.Do(func() {
		keys := c.secrets()
		c.logins = &login.Logins{
			Password: func(ctx context.Context, a *account.Account, s account.Server) (string, error) {
				return keys.Get(ctx, a.SecretKey(s))
			},
			Tokens: keys, Getenv: c.io.Getenv, HTTPClient: c.env.HTTPClient,
		}
	})
	return c.logins
}

// accounts returns the named account, or all of them when name is "".
func (c *cmdContext) accounts(name string) ([]account.Account, error) {
	p, err := c.openProfile()
	if err != nil {
		return nil, err
	}
	if name != "" {
		a, err := p.Get(name)
		if err != nil {
			return nil, err
		}
		return []account.Account{a}, nil
	}
	return p.Accounts(), nil
}
