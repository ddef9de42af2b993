package profile

import (
	"context"
	"errors"
	"fmt"
	"time"

	"wren/account/internal/flock"
)

// ErrBusy: another Wren process holds the profile's lock for longer than a
// write takes (it may hang; the error names the lock file).
var ErrBusy = errors.New("the profile is in use by another Wren process")

// lockName is the lock file beside accounts.json. It is never removed on
// flock systems: removing it would let two processes lock different files.
const lockName = "accounts.lock"

// defaultLockWait bounds how long a write waits for another process.
const defaultLockWait = 5 * time.Second

// acquire takes the profile's cross-process lock, waiting at most wait.
func acquire(path string, wait time.Duration) (release func() error, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	release, err = flock.Acquire(ctx, path)
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("%w: %s is locked", ErrBusy, path)
	}
	if err != nil {
		return nil, fmt.Errorf("locking %s: %w", path, err)
	}
	return release, nil
}
