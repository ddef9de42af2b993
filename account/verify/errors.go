package verify

import (
	"errors"
	"fmt"

	"wren/account"
)

// Errors of the verification's own checks. They are the Err of a Check
// when no transport error applies, wrapped with the server concerned.
var (
	// ErrPlaintextPassword: the server's security is plaintext; a
	// password is never sent over it.
	// It wraps account.ErrPlaintext so it is explained like one.
	ErrPlaintextPassword = fmt.Errorf("%w: refusing to send a password without TLS", account.ErrPlaintext)
	// ErrNotProbed: the server did not pass the probe in this run, so no
	// password goes to it.
	ErrNotProbed = errors.New("server did not pass the connection test")
	// ErrBadRequest: the request cannot be verified as given.
	ErrBadRequest = errors.New("invalid verification request")
	// ErrAttemptsUsed: both password attempts for this server are used.
	ErrAttemptsUsed = errors.New("no password attempts left for this server")

	errUnknownProtocol = errors.New("unknown protocol")
)
