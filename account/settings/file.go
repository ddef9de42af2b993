package settings

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"wren/account/internal/atomicfile"
)

// maxFileSize bounds what is read: the file is well under a KiB, so
// anything this large is not one.
const maxFileSize = 1 << 20

type fileV1 struct {
	Version int `json:"version"`
	Settings
}

// File is the settings file of one profile directory. It is safe for
// concurrent use.
type File struct {
	path string

	mu  sync.Mutex
	cur Settings
}

// Open reads the settings in the profile directory dir. A missing file
// gives Default(); a damaged or newer file is an error wrapping ErrCorrupt
// or ErrTooNew that names the file, and the file is left untouched.
func Open(dir string) (*File, error) {
	f := &File{path: filepath.Join(dir, FileName)}
	s, err := read(f.path)
	if err != nil {
		return nil, err
	}
	f.cur = s
	return f, nil
}

// Path is the settings file.
func (f *File) Path() string { return f.path }

// Get returns the current settings (a copy).
func (f *File) Get() Settings {
	f.mu.Lock()
	defer f.mu.Unlock()
	return clone(f.cur)
}

// Save validates s and writes it atomically; on failure the settings in
// memory stay as they were.
func (f *File) Save(s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	data, err := json.MarshalIndent(fileV1{Version: FileVersion, Settings: s}, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the settings: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(f.path), 0o700); err != nil {
		return fmt.Errorf("settings directory: %w", err)
	}
	if err := atomicfile.Write(f.path, append(data, '\n')); err != nil {
		return err
	}
	f.cur = clone(s)
	return nil
}

func clone(s Settings) Settings {
	s.AllowedSenders = append([]string(nil), s.AllowedSenders...)
	return s
}

func read(path string) (Settings, error) {
	fh, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("reading the settings file %s: %w", path, err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return Settings{}, fmt.Errorf("reading the settings file %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return Settings{}, fmt.Errorf("%w: %s is larger than %d bytes", ErrCorrupt, path, maxFileSize)
	}
	s, err := decode(data)
	if err != nil {
		return Settings{}, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// decode reads the version first, on its own, so that a newer file whose
// fields no longer fit still reports "too new" rather than "damaged".
func decode(data []byte) (Settings, error) {
	var head struct {
		Version *int `json:"version"`
	}
	if err := strict(data, &head, false); err != nil {
		return Settings{}, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	switch {
	case head.Version == nil:
		return Settings{}, fmt.Errorf("%w: no \"version\"", ErrCorrupt)
	case *head.Version > FileVersion:
		return Settings{}, fmt.Errorf("%w: version %d, this Wren reads up to %d", ErrTooNew, *head.Version, FileVersion)
	case *head.Version < 1:
		return Settings{}, fmt.Errorf("%w: unknown version %d", ErrCorrupt, *head.Version)
	}
	f := fileV1{Settings: Default()}
	if err := strict(data, &f, true); err != nil {
		return Settings{}, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	if err := f.Settings.Validate(); err != nil {
		return Settings{}, fmt.Errorf("%w: %w", ErrCorrupt, err)
	}
	return f.Settings, nil
}

// strict is json.Unmarshal that refuses trailing data and, when asked,
// unknown fields (a typo must not silently reset a setting).
func strict(data []byte, v any, known bool) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if known {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}
