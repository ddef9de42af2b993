// Package profile keeps Wren's accounts in one versioned JSON file,
// accounts.json, in the profile directory. Writes are atomic, the file and
// directory are private to the user, and a file this Wren cannot read
// (damaged, or from a newer Wren) is kept as it is and never overwritten.
// Passwords are never here: they live in the keyring (account/secret).
package profile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unicode"

	"wren/account"
	"wren/account/internal/atomicfile"
)

// ErrInvalidName: an account needs a name without control characters.
var ErrInvalidName = errors.New("invalid account name")

// Profile is one profile directory's accounts. It is safe for concurrent
// use; a lock file keeps two Wren processes from writing at once, and each
// write starts from the file as it is on disk, so changes made by another
// process are kept.
type Profile struct {
	dir  string
	path string

	mu       sync.Mutex
	accounts []account.Account
	lockWait time.Duration
}

// Open reads the profile in dir (see Locate). A directory or file that does
// not exist yet is an empty profile; nothing is created until the first
// write. A damaged or newer file is an error wrapping
// account.ErrProfileCorrupt or account.ErrProfileTooNew that names the
// file; the file is left untouched.
func Open(dir string) (*Profile, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("profile directory %q: %w", dir, err)
	}
	p := &Profile{dir: abs, path: filepath.Join(abs, fileName), lockWait: defaultLockWait}
	accts, err := readFile(p.path)
	if err != nil {
		return nil, err
	}
	p.accounts = accts
	return p, nil
}

// Dir is the profile directory.
func (p *Profile) Dir() string { return p.dir }

// Path is the account file.
func (p *Profile) Path() string { return p.path }

// Accounts returns copies of the accounts in file order.
func (p *Profile) Accounts() []account.Account {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]account.Account, len(p.accounts))
	for i, a := range p.accounts {
		out[i] = clone(a)
	}
	return out
}

// Get returns the account called name (ignoring case), or
// account.ErrNoAccount.
func (p *Profile) Get(name string) (account.Account, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if i := find(p.accounts, name); i >= 0 {
		return clone(p.accounts[i]), nil
	}
	return account.Account{}, fmt.Errorf("%w: %q", account.ErrNoAccount, name)
}

// Reload rereads the file, picking up changes another process made.
func (p *Profile) Reload() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	accts, err := readFile(p.path)
	if err != nil {
		return err
	}
	p.accounts = accts
	return nil
}

// Add saves a new account; account.ErrAccountExists when one with the same
// name (ignoring case) is there. A zero Created is set to now.
func (p *Profile) Add(a account.Account) error {
	if err := checkName(a.Name); err != nil {
		return err
	}
	if a.Created.IsZero() {
		a.Created = time.Now().UTC()
	}
	return p.change(func(accts []account.Account) ([]account.Account, error) {
		if find(accts, a.Name) >= 0 {
			return nil, fmt.Errorf("%w: %q", account.ErrAccountExists, a.Name)
		}
		return append(accts, clone(a)), nil
	})
}

// Update replaces the account with a's name; account.ErrNoAccount when
// there is none.
func (p *Profile) Update(a account.Account) error {
	return p.change(func(accts []account.Account) ([]account.Account, error) {
		i := find(accts, a.Name)
		if i < 0 {
			return nil, fmt.Errorf("%w: %q", account.ErrNoAccount, a.Name)
		}
		accts[i] = clone(a)
		return accts, nil
	})
}

// Remove deletes the account called name (ignoring case);
// account.ErrNoAccount when there is none. Its keyring entries are the
// caller's to delete.
func (p *Profile) Remove(name string) error {
	return p.change(func(accts []account.Account) ([]account.Account, error) {
		i := find(accts, name)
		if i < 0 {
			return nil, fmt.Errorf("%w: %q", account.ErrNoAccount, name)
		}
		return append(accts[:i], accts[i+1:]...), nil
	})
}

// change runs one read-modify-write under both locks. It starts from the
// file on disk, so a file that became damaged or newer meanwhile refuses
// the write with that error and stays as it is.
func (p *Profile) change(edit func([]account.Account) ([]account.Account, error)) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return fmt.Errorf("creating the profile directory: %w", err)
	}
	release, err := acquire(filepath.Join(p.dir, lockName), p.lockWait)
	if err != nil {
		return err
	}
	defer release()
	accts, err := readFile(p.path)
	if err != nil {
		return err
	}
	accts, err = edit(accts)
	if err != nil {
		return err
	}
	data, err := encode(accts)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(p.path, data); err != nil {
		return err
	}
	p.accounts = accts
	return nil
}

// checkName rejects names that cannot be shown or typed back.
func checkName(name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("%w: empty", ErrInvalidName)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fmt.Errorf("%w: %q has control characters", ErrInvalidName, name)
	}
	return nil
}

// find is the index of the account called name, ignoring case, or -1.
func find(accts []account.Account, name string) int {
	for i, a := range accts {
		if strings.EqualFold(a.Name, name) {
			return i
		}
	}
	return -1
}

// clone copies a so callers cannot change the profile through a slice.
func clone(a account.Account) account.Account {
	if a.Identities != nil {
		a.Identities = append([]account.Identity(nil), a.Identities...)
	}
	return a
}
