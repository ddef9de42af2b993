package attach

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrExists is returned when saving would replace an existing file.
var ErrExists = errors.New("a file with that name already exists")

// fileMode never has an executable bit: an attachment must not become a
// program by being saved.
const fileMode = 0o644

// Save writes r as name inside dir and returns the path written. name must
// be a plain file name (see SafeName); it can never reach outside dir, even
// through a symbolic link. An existing file is never replaced: Save returns
// ErrExists and the caller asks the user. At most max bytes are written
// (max <= 0: no limit); a longer attachment is an error and no partial file
// is left behind.
func Save(dir, name string, r io.Reader, max int64) (string, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", fmt.Errorf("opening the folder: %w", err)
	}
	defer root.Close()
	if err := writeNew(root, name, r, max, fileMode); err != nil {
		return "", err
	}
	return filepath.Join(dir, name), nil
}

// SaveUnique is Save choosing "name (1).ext", "name (2).ext"… when the
// name is taken, for saving several attachments at once.
func SaveUnique(dir, name string, r io.Reader, max int64) (string, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", fmt.Errorf("opening the folder: %w", err)
	}
	defer root.Close()
	cand, err := writeUnique(root, name, r, max, fileMode)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, cand), nil
}

// writeUnique is writeNew trying numbered names until one is free.
func writeUnique(root *os.Root, name string, r io.Reader, max int64, mode os.FileMode) (string, error) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	cand := name
	for i := 1; ; i++ {
		err := writeNew(root, cand, r, max, mode)
		if err == nil {
			return cand, nil
		}
		if !errors.Is(err, ErrExists) || i > 999 {
			return "", err
		}
		cand = fmt.Sprintf("%s (%d)%s", stem, i, ext)
	}
}

// writeNew creates name exclusively and fills it; r is only read once the
// file exists, so a taken name consumes nothing.
func writeNew(root *os.Root, name string, r io.Reader, max int64, mode os.FileMode) error {
	if !filepath.IsLocal(name) || filepath.Base(name) != name {
		return fmt.Errorf("%q is not a plain file name", name)
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if errors.Is(err, fs.ErrExist) {
		return ErrExists
	}
	if err != nil {
		return fmt.Errorf("creating the file: %w", err)
	}
	src := r
	if max > 0 {
		src = io.LimitReader(r, max+1)
	}
	n, err := io.Copy(f, src)
	if err == nil && max > 0 && n > max {
		err = fmt.Errorf("the attachment is larger than %d bytes", max)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = root.Remove(name)
		return fmt.Errorf("writing the file: %w", err)
	}
	return nil
}
