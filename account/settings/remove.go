package settings

import (
	"context"
	"errors"
	"fmt"

	"wren/account"
	"wren/account/login"
)

// Profile is the part of account/profile that removing an account needs.
type Profile interface {
	Get(name string) (account.Account, error)
	Remove(name string) error
}

// Secrets deletes keyring entries (a *secret.Fallback or *secret.Keyring).
type Secrets interface {
	Delete(ctx context.Context, key string) error
}

// ErrPasswordKept: the account is gone but a saved password could not be
// deleted from the keyring (the user may want to remove it by hand).
var ErrPasswordKept = errors.New("the account is removed, but a saved password could not be deleted")

// RemoveAccount removes the named account from the profile and its
// passwords from the keyring, as `wren account remove` does. A keyring
// that has no entry is not a failure; one that fails otherwise gives
// ErrPasswordKept after the account is already removed.
func RemoveAccount(ctx context.Context, p Profile, keys Secrets, name string) error {
	a, err := p.Get(name)
	if err != nil {
		return err
	}
	if err := p.Remove(a.Name); err != nil {
		return err
	}
	var failed []error
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		key := login.KeyOf(&a, s)
		if key == "" {
			continue
		}
		if err := keys.Delete(ctx, key); err != nil && !errors.Is(err, account.ErrNoPassword) {
			failed = append(failed, fmt.Errorf("%s: %w", s.Host, err))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("%w: %w", ErrPasswordKept, errors.Join(failed...))
	}
	return nil
}
