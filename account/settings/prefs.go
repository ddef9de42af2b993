package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"wren/account/internal/atomicfile"
)

// PrefsFileName is the window's remembered state (theme, window size,
// the file dialogs' last folder) inside the profile directory. It sits
// beside settings.json rather than in it: these values change whenever
// the window does, and the window's code owns their names.
const PrefsFileName = "window.json"

// PrefsVersion is the window.json format this Wren writes.
const PrefsVersion = 1

// Prefs are one profile's remembered window state, as named values. The
// method names are those of fyne.Preferences, so the window can take
// either; nothing here imports the toolkit. It is safe for concurrent use.
type Prefs struct {
	path string // "" keeps the values in memory only
	log  *slog.Logger

	mu      sync.Mutex
	strings map[string]string
	floats  map[string]float64
	pending bool // a write is scheduled and has not read the values yet

	writeMu sync.Mutex     // one write at a time, the newest values last
	writes  sync.WaitGroup // scheduled writes, for Flush
}

type prefsV1 struct {
	Version int                `json:"version"`
	Strings map[string]string  `json:"strings,omitempty"`
	Floats  map[string]float64 `json:"floats,omitempty"`
}

// OpenPrefs reads the window state of the profile directory dir (none
// yet: empty). A damaged or newer file is an error wrapping ErrCorrupt or
// ErrTooNew and is left as it is; the caller may then use MemoryPrefs.
func OpenPrefs(dir string, log *slog.Logger) (*Prefs, error) {
	p := MemoryPrefs()
	p.path = filepath.Join(dir, PrefsFileName)
	if log != nil {
		p.log = log
	}
	data, err := readLimited(p.path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	var head struct {
		Version *int `json:"version"`
	}
	if err := strict(data, &head, false); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCorrupt, p.path, err)
	}
	switch {
	case head.Version == nil || *head.Version < 1:
		return nil, fmt.Errorf("%w: %s has no known version", ErrCorrupt, p.path)
	case *head.Version > PrefsVersion:
		return nil, fmt.Errorf("%w: %s is version %d, this Wren reads up to %d", ErrTooNew, p.path, *head.Version, PrefsVersion)
	}
	var f prefsV1
	if err := strict(data, &f, true); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrCorrupt, p.path, err)
	}
	for k, v := range f.Strings {
		p.strings[k] = v
	}
	for k, v := range f.Floats {
		p.floats[k] = v
	}
	return p, nil
}

// MemoryPrefs are window state kept for this run only (the demo without
// a folder, tests, a profile whose window.json could not be read).
func MemoryPrefs() *Prefs {
	return &Prefs{log: slog.Default(), strings: map[string]string{}, floats: map[string]float64{}}
}

// Path is the file the values are written to ("" in memory only).
func (p *Prefs) Path() string { return p.path }

// StringWithFallback is the string stored under key, else fallback.
func (p *Prefs) StringWithFallback(key, fallback string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.strings[key]; ok {
		return v
	}
	return fallback
}

// SetString stores value under key; the file is written in the
// background (see Flush).
func (p *Prefs) SetString(key, value string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.strings[key]; ok && v == value {
		return
	}
	p.strings[key] = value
	p.schedule()
}

// FloatWithFallback is the number stored under key, else fallback.
func (p *Prefs) FloatWithFallback(key string, fallback float64) float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.floats[key]; ok {
		return v
	}
	return fallback
}

// SetFloat stores value under key; the file is written in the
// background (see Flush).
func (p *Prefs) SetFloat(key string, value float64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if v, ok := p.floats[key]; ok && v == value {
		return
	}
	p.floats[key] = value
	p.schedule()
}

// schedule writes the values off the caller's goroutine (p.mu held): the
// window sets them on its UI goroutine, which must not wait for the disk.
// Values set before the write reads them go with it.
func (p *Prefs) schedule() {
	if p.path == "" || p.pending {
		return
	}
	p.pending = true
	p.writes.Add(1)
	go p.write()
}

// Flush waits for the scheduled writes (call it before the program ends).
func (p *Prefs) Flush() { p.writes.Wait() }

// write saves the values. A failure is logged, not shown: the window
// keeps working and only forgets its layout at the next start.
func (p *Prefs) write() {
	defer p.writes.Done()
	p.writeMu.Lock()
	defer p.writeMu.Unlock()
	p.mu.Lock()
	p.pending = false
	data, err := json.MarshalIndent(prefsV1{Version: PrefsVersion, Strings: p.strings, Floats: p.floats}, "", "  ")
	p.mu.Unlock()
	if err == nil {
		if err = os.MkdirAll(filepath.Dir(p.path), 0o700); err == nil {
			err = atomicfile.Write(p.path, append(data, '\n'))
		}
	}
	if err != nil {
		p.log.Warn("the window's state could not be saved", "file", p.path, "err", err)
	}
}

// readLimited reads path, refusing a file too large to be one of ours.
func readLimited(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%w: %s is larger than %d bytes", ErrCorrupt, path, maxFileSize)
	}
	return data, nil
}
