// Package secret keeps server passwords out of files: in the OS keyring
// (Keyring), in memory for one run (Memory), or in the keyring with a
// user-chosen, session-only fallback (Fallback). Consumers declare the
// Store interface they need; every type here has
//
//	Get(ctx, key) (string, error)
//	Set(ctx, key, password string) error
//	Delete(ctx, key) error
//
// with key = account.Account.SecretKey(server). Errors wrap the account
// sentinels (ErrNoPassword, ErrKeyringUnavailable, ErrKeyringLocked,
// ErrKeyringTimeout) and never contain a password.
package secret

import (
	"errors"

	"wren/account"
)

// Service is the keyring service name of every Wren entry.
const Service = "wren"

// ErrTooLarge: the keyring refused the password as too large.
var ErrTooLarge = errors.New("password too large for the keyring")

// errNoBus: no session bus to reach the Secret Service through.
var errNoBus = errors.New("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")

// errEmptyKey guards against entries nobody can find again.
var errEmptyKey = errors.New("empty keyring key")

// KeyringProblem reports whether err means the keyring itself failed
// (missing, locked, or not answering), as opposed to a missing password.
// These are the failures after which the user may choose to keep the
// password for this session only.
func KeyringProblem(err error) bool {
	return errors.Is(err, account.ErrKeyringUnavailable) ||
		errors.Is(err, account.ErrKeyringLocked) ||
		errors.Is(err, account.ErrKeyringTimeout)
}
