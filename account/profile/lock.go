package profile

import (
	"errors"
	"fmt"
	"time"
)

// ErrBusy: another Wren process holds the profile's lock for longer than a
// write takes (it may hang; the error names the lock file).
var ErrBusy = errors.New("the profile is in use by another Wren process")

// lockName is the lock file beside accounts.json. It is never removed on
// flock systems: removing it would let two processes lock different files.
const lockName = "accounts.lock"

// defaultLockWait bounds how long a write waits for another process.
const defaultLockWait = 5 * time.Second

// acquire takes the profile's cross-process lock, polling with backoff
// because a blocking lock cannot be abandoned at a deadline.
func acquire(path string, wait time.Duration) (release func() error, err error) {
	deadline := time.Now().Add(wait)
	backoff := 5 * time.Millisecond
	for {
		release, ok, err := tryLock(path)
		if err != nil {
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if ok {
			return release, nil
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%w: %s is locked", ErrBusy, path)
		}
		time.Sleep(backoff)
		backoff = min(backoff*2, 100*time.Millisecond)
	}
}
