package transfer

import (
	"fmt"
	"os"
	"path/filepath"
	"wren/account"
)

// NewFile is an output file written beside its final name and moved there
// only when complete, so a failed export never leaves half a file under
// the name the user gave, nor replaces a file that was there.
type NewFile struct {
	*os.File
	final string
	moved bool
}

// Create starts a new file to be called path once done.
func Create(path string) (*NewFile, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("%s: %w", path, account.ErrFileExists)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return nil, fmt.Errorf("export file: %w", err)
	}
	return &NewFile{File: f, final: path}, nil
}

// Done completes the file after flushErr (the writer's last flush).
func (f *NewFile) Done(flushErr error) error {
	if flushErr != nil {
		return flushErr
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	// Link, not rename: a file that appeared meanwhile is not replaced.
	if err := os.Link(f.Name(), f.final); err != nil {
		return fmt.Errorf("export file: %w", err)
	}
	f.moved = true
	os.Remove(f.Name())
	return nil
}

// Abandon removes the partial file unless Done moved it.
func (f *NewFile) Abandon() {
	if !f.moved {
		f.Close()
		os.Remove(f.Name())
	}
}
