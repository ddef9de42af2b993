//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package flock

import (
	"errors"
	"io/fs"
	"os"
)

// Try creates path exclusively; whoever created it holds the lock and
// removes it on release. A crash leaves the file behind (the caller's
// error names it so the user can delete it).
func Try(path string) (release func() error, ok bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	f.Close()
	return func() error { return os.Remove(path) }, true, nil
}
