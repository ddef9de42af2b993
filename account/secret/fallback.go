package secret

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"wren/account"
)

// Decision is the user's answer when the keyring cannot save a password.
type Decision int

const (
	// Cancel gives up: Set returns the keyring's error.
	Cancel Decision = iota
	// Retry tries the keyring again (the user unlocked or started it).
	Retry
	// SessionOnly keeps the password in memory until Wren quits.
	SessionOnly
)

// AskFunc asks the user what to do after err (which wraps
// ErrKeyringUnavailable, ErrKeyringLocked or ErrKeyringTimeout) while
// saving the password under key. It runs on the caller's goroutine; a GUI
// shows a dialog and waits, the CLI asks on the terminal. It must return
// when ctx ends.
type AskFunc func(ctx context.Context, key string, err error) (Decision, error)

// keyStore is what Fallback needs from its keyring.
type keyStore interface {
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, password string) error
	Delete(ctx context.Context, key string) error
}

// maxRetries bounds Retry answers, so an AskFunc that always retries
// cannot loop forever.
const maxRetries = 5

// Fallback saves in the keyring and, only when the user chooses it after
// the keyring failed, in memory for this session. It never writes a file.
type Fallback struct {
	keyring keyStore
	session *Memory
	ask     AskFunc
	log     *slog.Logger
}

// NewFallback wraps keyring (normally a *Keyring). ask may be nil: then
// Set returns keyring problems and the caller may call KeepForSession
// itself. logger nil discards.
func NewFallback(keyring keyStore, ask AskFunc, logger *slog.Logger) *Fallback {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Fallback{keyring: keyring, session: &Memory{}, ask: ask, log: logger}
}

// Get returns the session password for key if the user chose one, else
// the keyring's. A keyring problem is returned as is (KeyringProblem):
// the caller may then ask for the password and KeepForSession.
func (f *Fallback) Get(ctx context.Context, key string) (string, error) {
	if pw, err := f.session.Get(ctx, key); err == nil {
		return pw, nil
	}
	return f.keyring.Get(ctx, key)
}

// Set saves password in the keyring. When the keyring is unavailable,
// locked or too slow, it asks (see AskFunc) and follows the answer.
func (f *Fallback) Set(ctx context.Context, key, password string) error {
	for attempt := 0; ; attempt++ {
		err := f.keyring.Set(ctx, key, password)
		if err == nil {
			// A stale session copy would shadow the saved one.
			_ = f.session.Delete(ctx, key)
			return nil
		}
		if !KeyringProblem(err) || f.ask == nil {
			return err
		}
		d, askErr := f.ask(ctx, key, err)
		if askErr != nil {
			return fmt.Errorf("%w (asking what to do: %w)", err, askErr)
		}
		if d == SessionOnly {
			f.log.Warn("keyring unusable; password kept for this session only", "key", key, "err", err)
			return f.KeepForSession(key, password)
		}
		if d != Retry || attempt >= maxRetries {
			return err
		}
	}
}

// KeepForSession keeps password in memory for this run, for when the user
// chose so after a keyring problem.
func (f *Fallback) KeepForSession(key, password string) error {
	return f.session.Set(context.Background(), key, password)
}

// SessionOnly reports whether key's password lives only in memory (it
// will be asked for again next run).
func (f *Fallback) SessionOnly(key string) bool {
	return f.session.Has(key)
}

// Delete removes key's password from memory and the keyring. It returns
// account.ErrNoPassword only when neither had one; a keyring problem is
// returned even if the session copy was removed.
func (f *Fallback) Delete(ctx context.Context, key string) error {
	inSession := f.session.Delete(ctx, key) == nil
	err := f.keyring.Delete(ctx, key)
	if err == nil || (inSession && errors.Is(err, account.ErrNoPassword)) {
		return nil
	}
	return err
}
