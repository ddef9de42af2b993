package attach

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// Temp is a private folder for attachments opened with the system's
// viewer: readable only by the user, files without an executable bit, and
// removed on Close (when Wren quits).
type Temp struct {
	mu  sync.Mutex
	dir string
}

// NewTemp makes the folder under parent ("" is the system's temporary
// directory).
func NewTemp(parent string) (*Temp, error) {
	dir, err := os.MkdirTemp(parent, "wren-open-")
	if err != nil {
		return nil, fmt.Errorf("making a private folder: %w", err)
	}
	// MkdirTemp already uses 0700; say so for umask-less file systems.
	if err := os.Chmod(dir, 0o700); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return &Temp{dir: dir}, nil
}

// Dir is the folder's path.
func (t *Temp) Dir() string { return t.dir }

// Write stores an attachment for opening and returns its path. Files are
// read-only for the user alone, so the viewer cannot be fooled into
// editing or running them, and never replace each other.
func (t *Temp) Write(name string, r io.Reader, max int64) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dir == "" {
		return "", os.ErrClosed
	}
	root, err := os.OpenRoot(t.dir)
	if err != nil {
		return "", err
	}
	defer root.Close()
	// Created read-only: the open descriptor can still write it once.
	got, err := writeUnique(root, name, r, max, 0o400)
	if err != nil {
		return "", err
	}
	return filepath.Join(t.dir, got), nil
}

// Close removes the folder and everything in it.
func (t *Temp) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.dir == "" {
		return nil
	}
	err := os.RemoveAll(t.dir)
	t.dir = ""
	return err
}
