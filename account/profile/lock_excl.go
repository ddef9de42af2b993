//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package profile

import (
	"errors"
	"io/fs"
	"os"
)

// tryLock creates path exclusively; whoever created it holds the lock and
// removes it on release. A crash leaves the file behind: ErrBusy names it
// so the user can delete it.
func tryLock(path string) (release func() error, ok bool, err error) {
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
