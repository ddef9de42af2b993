//go:build unix

package instance

import (
	"fmt"
	"os"
	"syscall"
)

// private checks that dir belongs to this user and no one else may enter
// it: a folder another user made in a shared place would let them answer
// the hand-over.
func private(dir string) error {
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("instance: %w", err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !fi.IsDir() || !ok || int(st.Uid) != os.Getuid() || fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("instance: %s is not a folder private to this user", dir)
	}
	return nil
}
