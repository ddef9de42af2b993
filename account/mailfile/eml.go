package mailfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"wren/account"
	"wren/account/attach"
)

// ErrNoFreeName: WriteEML found every candidate name taken.
var ErrNoFreeName = errors.New("no free file name")

// maxNameTries bounds the " (n)" numbering of WriteEML.
const maxNameTries = 10000

// maxSubjectBytes keeps names far below file system limits, with room for
// the date and a " (n)" suffix.
const maxSubjectBytes = 100

// maxHeaderScan bounds how much of a message is searched for its Subject
// and Date when naming it.
const maxHeaderScan = 64 << 10

// ReadEMLDir calls fn with every *.eml file (any case) directly in dir,
// sorted by name, Raw holding the file's bytes unchanged. Sub-folders are
// not entered; a symbolic link is followed only to a file inside dir.
//
// A file that cannot be used (larger than MaxMessage, a link leading
// outside dir, not a regular file, unreadable) is skipped and the others
// are still read; the skipped ones come back at the end as one
// *CorruptError each, joined (list them with Skipped). An error from fn
// stops the walk and is returned as it is. A folder that cannot be listed
// is an error before any file is read.
func ReadEMLDir(dir string, fn func(Message) error) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("mailfile: opening %s: %w", dir, err)
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return fmt.Errorf("mailfile: listing %s: %w", dir, err)
	}
	var skipped []error
	for _, e := range entries {
		name := e.Name()
		if !strings.EqualFold(filepath.Ext(name), ".eml") {
			continue
		}
		raw, err := readEML(root, name)
		if errors.Is(err, errIsDir) {
			continue
		}
		if err != nil {
			var ce *CorruptError
			if !errors.As(err, &ce) {
				ce = &CorruptError{Reason: "cannot be read", Err: err}
			}
			ce.Path, ce.Resumable = filepath.Join(dir, name), true
			skipped = append(skipped, ce)
			continue
		}
		if err := fn(Message{Raw: raw, Name: name}); err != nil {
			return err
		}
	}
	return errors.Join(skipped...)
}

// errIsDir: a folder named like a .eml file, which is not a message.
var errIsDir = errors.New("is a folder")

// readEML reads one file through root, so no link leads outside it.
func readEML(root *os.Root, name string) ([]byte, error) {
	// Stat before opening: opening a FIFO would block.
	fi, err := root.Stat(name)
	if err != nil {
		if isEscape(err) {
			return nil, &CorruptError{Reason: "the link leads outside the folder", Err: err}
		}
		return nil, err
	}
	if fi.IsDir() {
		return nil, errIsDir
	}
	if !fi.Mode().IsRegular() {
		return nil, &CorruptError{Reason: "not a regular file"}
	}
	if fi.Size() > MaxMessage {
		return nil, tooLargeEML()
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have grown since Stat: bound the read itself too.
	raw, err := io.ReadAll(io.LimitReader(f, MaxMessage+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > MaxMessage {
		return nil, tooLargeEML()
	}
	return raw, nil
}

func tooLargeEML() error {
	return &CorruptError{Reason: "message larger than 64 MiB, skipped"}
}

// isEscape reports os.Root refusing a path that leaves it. The error has
// no exported value to match, so its text is checked.
func isEscape(err error) bool {
	return err != nil && strings.Contains(err.Error(), "escapes from parent")
}

// WriteEML writes msg.Raw unchanged to a new file in dir and returns the
// file's name (not its path). The name is "2006-01-02 150405 Subject.eml"
// from the message's Date (msg.Date, else its Date header) and Subject
// header, whichever are there, else "message.eml"; a taken name gets
// " (2)", " (3)"… The name never has a path separator or a leading dot and
// stays under 200 bytes. The file is created with O_EXCL and mode 0600, so
// nothing existing is ever replaced.
func WriteEML(dir string, msg Message) (name string, err error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return "", fmt.Errorf("mailfile: opening %s: %w", dir, err)
	}
	defer root.Close()
	first := emlName(msg)
	stem := strings.TrimSuffix(first, ".eml")
	name = first
	for i := 2; ; i++ {
		err = writeNewEML(root, name, msg.Raw)
		if err == nil {
			return name, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("mailfile: writing %s: %w", filepath.Join(dir, name),
				account.DiskFull(err, dir, int64(len(msg.Raw))))
		}
		if i > maxNameTries {
			return "", fmt.Errorf("mailfile: %s in %s: %w", first, dir, ErrNoFreeName)
		}
		name = fmt.Sprintf("%s (%d).eml", stem, i)
	}
}

// writeNewEML creates name exclusively and fills it; a partial file is
// removed.
func writeNewEML(root *os.Root, name string, raw []byte) error {
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(raw)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = root.Remove(name)
	}
	return err
}

// emlName builds the first-choice file name for msg.
func emlName(msg Message) string {
	subject, hdrDate := headerFields(msg.Raw)
	date := msg.Date
	if date.IsZero() {
		date = hdrDate
	}
	var parts []string
	if !date.IsZero() {
		parts = append(parts, date.Format("2006-01-02 150405"))
	}
	// Separators become '_' rather than letting SafeName keep only the part
	// after the last one: the whole subject is the better name.
	subject = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' {
			return '_'
		}
		return r
	}, subject)
	subject = strings.Join(strings.Fields(subject), " ")
	if subject = cutUTF8(subject, maxSubjectBytes); subject != "" {
		parts = append(parts, subject)
	}
	stem := strings.Join(parts, " ")
	if stem == "" {
		stem = "message"
	}
	name := attach.SafeName(stem+".eml", "message/rfc822")
	// SafeName can drop a subject made only of dots or invisible characters.
	if !strings.HasSuffix(name, ".eml") || name == ".eml" || strings.HasPrefix(name, ".") ||
		!filepath.IsLocal(name) || filepath.Base(name) != name {
		name = "message.eml"
	}
	return name
}

// cutUTF8 shortens s to at most n bytes without splitting a character.
func cutUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return strings.TrimSpace(s[:n])
}

// headerFields finds the decoded Subject and the Date of the message's
// header.
func headerFields(raw []byte) (subject string, date time.Time) {
	EachField(raw, func(name, value string) bool {
		switch strings.ToLower(name) {
		case "subject":
			if subject == "" {
				subject = decodeWords(value)
			}
		case "date":
			if t, err := mail.ParseDate(value); err == nil && date.IsZero() {
				date = t
			}
		}
		return true
	})
	return subject, date
}

// EachField hands each field of a message's header to fn, unfolded and
// trimmed, until fn says no more; it reads at most the first 64 KiB.
func EachField(raw []byte, fn func(name, value string) (more bool)) {
	head := raw[:min(len(raw), maxHeaderScan)]
	var cur string // the field being unfolded
	flush := func() bool {
		name, value, ok := strings.Cut(cur, ":")
		cur = ""
		return !ok || fn(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			break // end of the header
		}
		if line[0] == ' ' || line[0] == '\t' {
			cur += " " + strings.TrimSpace(string(line))
			continue
		}
		if cur != "" && !flush() {
			return
		}
		cur = string(line)
	}
	if cur != "" {
		flush()
	}
}

// decodeWords decodes RFC 2047 words; charsets Go does not know leave the
// value as it is, which is still a usable name.
func decodeWords(s string) string {
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		s = d
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "_")
	}
	return s
}
