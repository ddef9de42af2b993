//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

// Package flock takes a file lock that one process holds at a time and
// that the operating system drops when the process dies.
package flock

import (
	"errors"
	"os"
	"syscall"
)

// Try takes an exclusive flock on path without blocking; ok is false when
// another holds it. The kernel drops the lock when the process dies, so a
// crash leaves nothing stale. Locks are per open file: the same process
// trying again while it holds the lock is refused too.
func Try(path string) (release func() error, ok bool, err error) {
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
