// Package owner names the processes that share a profile's store, so that
// one can claim a piece of work (an outgoing message) and the others can
// tell whether its claimant still runs. Each process holds a lock file in
// a folder for as long as it lives; the lock is gone the moment it dies,
// even by kill -9, so a crashed claimant is told from a busy one without
// timeouts or process IDs that the system reuses.
package owner

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"wren/account/internal/flock"
)

const suffix = ".live"

var held struct {
	sync.Mutex
	tokens map[string]string // folder → this process's token there
	// locks keeps each lock's file reachable: a collected file is
	// closed, and closing it would drop the lock.
	locks []func() error
}

// Hold returns this process's token in dir, taking its lock on the first
// call (it is kept until the process ends). Lock files of processes that
// have ended are removed on the way.
func Hold(dir string) (string, error) {
	dir = filepath.Clean(dir)
	held.Lock()
	defer held.Unlock()
	if tok, ok := held.tokens[dir]; ok {
		return tok, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("owner: %w", err)
	}
	sweep(dir)
	var b [6]byte
	rand.Read(b[:])
	tok := fmt.Sprintf("%d-%s", os.Getpid(), hex.EncodeToString(b[:]))
	release, ok, err := flock.Try(filepath.Join(dir, tok+suffix))
	if err != nil {
		return "", fmt.Errorf("owner: %w", err)
	}
	if !ok {
		return "", fmt.Errorf("owner: %s is locked by another process", tok)
	}
	if held.tokens == nil {
		held.tokens = map[string]string{}
	}
	held.tokens[dir] = tok
	held.locks = append(held.locks, release)
	return tok, nil
}

// Alive reports whether the process that holds token in dir still runs.
// "" (work claimed before claims had owners) is never alive. Where file
// locks are not dropped by the system, a claimant is taken to be alive:
// the caller then leaves its work alone rather than doing it twice.
func Alive(dir, token string) bool {
	if token == "" || strings.ContainsAny(token, `/\`) {
		return false
	}
	dir = filepath.Clean(dir)
	held.Lock()
	mine := held.tokens[dir] == token
	held.Unlock()
	return mine || locked(dir, token)
}

// locked reports whether some process holds token's lock in dir; a lock
// file left by an ended process is removed.
func locked(dir, token string) bool {
	path := filepath.Join(dir, token+suffix)
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return false
	}
	release, ok, err := flock.Try(path)
	if err != nil || !ok {
		return true
	}
	// Its process is gone: the file goes too, then the lock.
	os.Remove(path)
	release()
	return false
}

// sweep removes the lock files of processes that have ended.
func sweep(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, "*"+suffix))
	for _, n := range names {
		locked(dir, strings.TrimSuffix(filepath.Base(n), suffix))
	}
}
