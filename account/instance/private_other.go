//go:build !unix

package instance

import (
	"fmt"
	"os"
)

// private checks that dir is a folder; where the system has no Unix
// owners, the user's own temporary folder is private already.
func private(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("instance: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("instance: %s is not a folder", dir)
	}
	return nil
}
