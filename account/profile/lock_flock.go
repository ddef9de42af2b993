//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package profile

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock on path without blocking. The kernel
// drops the lock when the process dies, so a crash leaves nothing stale.
func tryLock(path string) (release func() error, ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, false, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EINTR) {
			return nil, false, nil
		}
		return nil, false, err
	}
	return func() error {
		// Closing the descriptor releases the flock.
		return f.Close()
	}, true, nil
}
