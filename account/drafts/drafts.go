// Package drafts keeps messages being written safe on the local disk: each
// draft is one file, replaced atomically on every save, so a crash or a
// kill loses at most what was typed since the last save; drafts left over
// from a previous run are offered back (Recover).
package drafts

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"wren/account/internal/atomicfile"
)

// maxDraft bounds one draft file read back (attachments are referenced,
// not embedded).
const maxDraft = 16 << 20

// Draft is a message being written.
type Draft struct {
	ID         string    `json:"id"`
	Account    string    `json:"account"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Cc         string    `json:"cc,omitempty"`
	Bcc        string    `json:"bcc,omitempty"`
	Subject    string    `json:"subject"`
	Body       string    `json:"body"`
	InReplyTo  []string  `json:"in_reply_to,omitempty"`
	References []string  `json:"references,omitempty"`
	Attach     []string  `json:"attachments,omitempty"` // file paths
	Updated    time.Time `json:"updated"`
	// ServerFolder and ServerUID name the copy in the server's Drafts
	// folder (see Upload); zero until one was made. ServerSaved is the
	// Updated time of the version that copy holds.
	ServerFolder string    `json:"server_folder,omitempty"`
	ServerUID    uint32    `json:"server_uid,omitempty"`
	ServerSaved  time.Time `json:"server_saved,omitzero"`
}

// ServerStale reports a draft whose server copy is missing or older than
// the draft.
func (d *Draft) ServerStale() bool { return d.ServerUID == 0 || d.Updated.After(d.ServerSaved) }

// Empty reports a draft nobody typed anything into.
func (d *Draft) Empty() bool {
	return strings.TrimSpace(d.To+d.Cc+d.Bcc+d.Subject+d.Body) == "" && len(d.Attach) == 0
}

// Store is a directory of drafts. Safe for concurrent use.
type Store struct {
	dir string
	mu  sync.Mutex
}

// Open uses dir (created 0700 when missing).
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("drafts folder: %w", err)
	}
	return &Store{dir: dir}, nil
}

// NewID returns a fresh draft ID.
func NewID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

var errBadID = errors.New("invalid draft id")

func (s *Store) path(id string) (string, error) {
	if id == "" || strings.ContainsFunc(id, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f')
	}) {
		return "", fmt.Errorf("%w %q", errBadID, id)
	}
	return filepath.Join(s.dir, id+".json"), nil
}

// Save writes d durably (d.ID must be set; Updated is set now). The
// server copy recorded for the draft is kept: the composer saving what is
// typed does not know of it.
func (s *Store) Save(d Draft) error {
	p, err := s.path(d.ID)
	if err != nil {
		return err
	}
	d.Updated = time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	// The server copy on record stays: d's own names one only for a draft
	// without a copy yet (a draft continued from another device's copy,
	// which its first upload replaces).
	if old, err := read(p); err == nil && old.ServerUID != 0 {
		d.ServerFolder, d.ServerUID, d.ServerSaved = old.ServerFolder, old.ServerUID, old.ServerSaved
	}
	return write(p, d)
}

func write(p string, d Draft) error {
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return atomicfile.Write(p, data)
}

// SetServerCopy records the server copy of the version of draft id saved
// at saved; fs.ErrNotExist when the draft was discarded meanwhile (the
// caller then removes the copy it made).
func (s *Store) SetServerCopy(id, folder string, uid uint32, saved time.Time) error {
	p, err := s.path(id)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, err := read(p)
	if err != nil {
		return err
	}
	d.ServerFolder, d.ServerUID, d.ServerSaved = folder, uid, saved
	return write(p, d)
}

// Get reads one draft.
func (s *Store) Get(id string) (Draft, error) {
	p, err := s.path(id)
	if err != nil {
		return Draft{}, err
	}
	return read(p)
}

func read(p string) (Draft, error) {
	f, err := os.Open(p)
	if err != nil {
		return Draft{}, err
	}
	defer f.Close()
	var d Draft
	dec := json.NewDecoder(&limited{f: f, left: maxDraft})
	if err := dec.Decode(&d); err != nil {
		return Draft{}, fmt.Errorf("draft %s is damaged: %w", filepath.Base(p), err)
	}
	return d, nil
}

// Delete removes a draft (after it was sent or discarded).
func (s *Store) Delete(id string) error {
	p, err := s.path(id)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.RemoveAll(s.filesDir(id))
}

// filesDir holds the files a draft keeps itself (KeepFile).
func (s *Store) filesDir(id string) string { return filepath.Join(s.dir, id+".files") }

// KeepFile stores data as a file of draft id, named name (made safe and
// unique), and returns its path: attachments that exist only in memory
// (a forwarded message's) are kept with the draft like chosen files.
// Delete removes them with the draft.
func (s *Store) KeepFile(id, name string, data []byte) (string, error) {
	if _, err := s.path(id); err != nil {
		return "", err
	}
	dir := s.filesDir(id)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("draft %s: %w", id, err)
	}
	base := filepath.Base(filepath.Clean("/" + name))
	if base == "/" || base == "." || strings.HasPrefix(base, ".") {
		base = "attachment" + base
	}
	ext := filepath.Ext(base)
	stem := strings.TrimSuffix(base, ext)
	for i := 1; ; i++ {
		p := filepath.Join(dir, base)
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) && i < 1000 {
			base = fmt.Sprintf("%s (%d)%s", stem, i+1, ext)
			continue
		}
		if err != nil {
			return "", fmt.Errorf("draft %s: %w", id, err)
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(p)
			return "", fmt.Errorf("draft %s: %w", id, err)
		}
		return p, nil
	}
}

// List returns every readable draft, newest first; damaged files are
// skipped and left in place.
func (s *Store) List() ([]Draft, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, err
	}
	var out []Draft
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".json") || strings.HasPrefix(name, ".") {
			continue
		}
		d, err := read(filepath.Join(s.dir, name))
		if err != nil {
			continue
		}
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Draft) int { return b.Updated.Compare(a.Updated) })
	return out, nil
}

type limited struct {
	f    *os.File
	left int64
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errors.New("draft file too large")
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.f.Read(p)
	l.left -= int64(n)
	return n, err
}
