package cli

import (
	"fmt"
	"os"
	"path/filepath"
)

// newFile is an output file written beside its final name and moved there
// only when complete, so a failed export never leaves half a file under
// the name the user gave, nor replaces a file that was there.
type newFile struct {
	*os.File
	final string
	moved bool
}

func newFileAt(path string) (*newFile, error) {
	if _, err := os.Lstat(path); err == nil {
		return nil, fmt.Errorf("%s exists already: give a new file name", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.part")
	if err != nil {
		return nil, fmt.Errorf("export file: %w", err)
	}
	return &newFile{File: f, final: path}, nil
}

// done completes the file after flushErr (the writer's last flush).
func (f *newFile) done(flushErr error) error {
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

// abandon removes the partial file unless done moved it.
func (f *newFile) abandon() {
	if !f.moved {
		f.Close()
		os.Remove(f.Name())
	}
}
