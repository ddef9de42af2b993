package account

import (
	"errors"
	"fmt"
	"strings"
	"syscall"
)

// Sentinel errors of the account packages. Producers wrap them with %w and
// add what they know; account/explain turns each into words for the user.
var (
	// ErrNotFound: discovery found no usable settings for the domain.
	ErrNotFound = errors.New("no mail server settings found")
	// ErrOffline: no network (DNS fails for everything).
	ErrOffline = errors.New("no network connection")
	// ErrNeedsOAuth: the provider allows only browser sign-in (OAuth2).
	ErrNeedsOAuth = errors.New("provider requires browser sign-in (OAuth)")
	// ErrNeedsConfirmation: a server outside the address's domain, or from
	// an untrusted source, waits for the user's confirmation.
	ErrNeedsConfirmation = errors.New("server needs your confirmation")
	// ErrUnsupportedAuth: the server offers no login method Wren has.
	ErrUnsupportedAuth = errors.New("server requires an unsupported login method")
	// ErrBadAddress: the address cannot be set up automatically.
	ErrBadAddress = errors.New("not a valid email address")

	// ErrKeyringUnavailable: no Secret Service / Keychain / Credential
	// Manager answers.
	ErrKeyringUnavailable = errors.New("keyring not available")
	// ErrKeyringLocked: the keyring is locked, or the unlock was dismissed.
	ErrKeyringLocked = errors.New("keyring locked")
	// ErrKeyringTimeout: the keyring did not answer in time (often an
	// unlock prompt nobody answered).
	ErrKeyringTimeout = errors.New("keyring did not answer in time")
	// ErrNoPassword: the keyring has no password for this server.
	ErrNoPassword = errors.New("no saved password")

	// ErrProfileCorrupt: the account file cannot be read; it is kept as is.
	ErrProfileCorrupt = errors.New("account file is damaged")
	// ErrProfileTooNew: the account file was written by a newer Wren.
	ErrProfileTooNew = errors.New("account file is from a newer version of Wren")
	// ErrAccountExists / ErrNoAccount: add and remove by name.
	ErrAccountExists = errors.New("an account with this name already exists")
	ErrNoAccount     = errors.New("no such account")
)

// ErrPlaintext: a server was given without encryption and the user did not
// explicitly allow plaintext.
var ErrPlaintext = errors.New("unencrypted connection not allowed")

// ErrDiskFull: the disk holding Wren's data has no room left.
var ErrDiskFull = errors.New("the disk is full")

// DiskFullError is a write that failed for want of room: where, and about
// how much was being written.
type DiskFullError struct {
	Path string // the folder that is full
	Need int64  // bytes being written, 0 if unknown
	Err  error
}

func (e *DiskFullError) Error() string {
	return fmt.Sprintf("no room left in %s (writing %d bytes): %v", e.Path, e.Need, e.Err)
}

// Unwrap gives the cause alone and Is matches ErrDiskFull: one failure,
// not a list of them (explain opens lists into one line each).
func (e *DiskFullError) Unwrap() error { return e.Err }

func (e *DiskFullError) Is(target error) bool { return target == ErrDiskFull }

// DiskFull wraps err as a DiskFullError when it says the disk is full
// (ENOSPC, or SQLite's "database or disk is full"); other errors are
// returned as they are.
func DiskFull(err error, path string, need int64) error {
	if err == nil || errors.Is(err, ErrDiskFull) {
		return err
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) || strings.Contains(err.Error(), "database or disk is full") {
		return &DiskFullError{Path: path, Need: need, Err: err}
	}
	return err
}

// Mail files brought in or written out (wren import/export, issue #19).
var (
	// ErrFileExists: an export never writes over a file that is there.
	ErrFileExists = errors.New("the file exists already")
	// ErrDamagedFile: a mail file stops being readable (where it broke
	// is in the error that wraps it).
	ErrDamagedFile = errors.New("the mail file is damaged")
	// ErrNotWhole: some messages of a local folder are known by their
	// header only (a POP3 download not finished), so an export lacks them.
	ErrNotWhole = errors.New("some messages are not kept whole in this folder yet")
)
