package ui

import (
	"context"
	"log/slog"
	"os"

	"wren/account"
	"wren/account/profile"
	"wren/account/secret"
	"wren/account/session"
	appsettings "wren/account/settings"
)

// loadedProfile is a profile read from disk, with its session open when
// it has accounts: the blocking part of opening it.
type loadedProfile struct {
	dir   string
	log   *slog.Logger
	paths profile.Paths
	prof  *profile.Profile
	sets  *appsettings.File
	prefs *appsettings.Prefs // the window's state (size, theme, folders)
	keys  *secret.Fallback
	sess  *session.Session // nil without accounts
	// addAccount opens the wizard for one more account (set by open).
	addAccount func()
}

// loadProfile reads the profile in dir (see profile.Locate) and opens
// its session when it has accounts. It blocks.
func loadProfile(ctx context.Context, dir string, log *slog.Logger) (*loadedProfile, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	paths, err := profile.Locate(dir, os.Getenv)
	if err != nil {
		return nil, err
	}
	prof, err := profile.Open(paths.Config)
	if err != nil {
		return nil, err
	}
	// A settings file this Wren cannot read is refused and kept, like
	// the account file.
	sets, err := appsettings.Open(paths.Config)
	if err != nil {
		return nil, err
	}
	p := &loadedProfile{dir: dir, log: log, paths: paths, prof: prof, sets: sets,
		prefs: openPrefs(paths.Config, log),
		keys:  secret.NewFallback(&secret.Keyring{Logger: log}, nil, log)}
	if accts := prof.Accounts(); len(accts) > 0 {
		if p.sess, err = p.openSession(ctx, accts); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// openSession opens the store of the profile's session; it blocks.
func (p *loadedProfile) openSession(ctx context.Context, accts []account.Account) (*session.Session, error) {
	if err := os.MkdirAll(p.paths.Data, 0o700); err != nil {
		return nil, err
	}
	keys := p.keys
	return session.Open(ctx, session.Config{
		Accounts: accts,
		DataDir:  p.paths.Data,
		Password: func(ctx context.Context, a *account.Account, srv account.Server) (string, error) {
			return keys.Get(ctx, a.SecretKey(srv))
		},
		Tokens: keys,
		Logger: p.log,
	})
}
