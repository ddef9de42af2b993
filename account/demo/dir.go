package demo

import (
	"bytes"
	"fmt"
	"io"
	"iter"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"wren/transport/rfc822"
)

// maxDirMail bounds what ReadDir reads in all.
const maxDirMail = 512 << 20

// ReadDir is a Source of the .eml files in dir (not its subfolders), in
// name order, delivered to INBOX with the date of their Date header: a
// way to look at one's own mail in the demo, where nothing leaves Wren.
// It reads every file now, so that a bad one is reported before the demo
// starts.
func ReadDir(dir string) (Source, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("demo: mail folder: %w", err)
	}
	var msgs []Message
	total := 0
	for _, e := range ents {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".eml") {
			continue
		}
		path := filepath.Join(dir, e.Name())
		raw, err := readBounded(path, maxFillMessage)
		if err != nil {
			return nil, err
		}
		if total += len(raw); total > maxDirMail {
			return nil, fmt.Errorf("demo: the .eml files in %s hold more than %d MiB", dir, maxDirMail>>20)
		}
		msgs = append(msgs, Message{Folder: "INBOX", Date: headerDate(raw), Raw: toCRLF(raw)})
	}
	if len(msgs) == 0 {
		return nil, fmt.Errorf("demo: no .eml files in %s", dir)
	}
	return SourceFunc(func() iter.Seq[Message] { return slices.Values(msgs) }), nil
}

func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	defer f.Close()
	var b bytes.Buffer
	n, err := b.ReadFrom(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("demo: reading %s: %w", path, err)
	}
	if n > limit || n == 0 {
		return nil, fmt.Errorf("demo: %s has %d bytes (1 to %d MiB allowed)", path, n, limit>>20)
	}
	return b.Bytes(), nil
}

// headerDate is the message's Date, or now when it has none that parses.
func headerDate(raw []byte) time.Time {
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err == nil {
		if d, err := m.Header.Date(); err == nil {
			return d
		}
	}
	return time.Now()
}

// toCRLF gives every line a CRLF ending, whatever the file had.
func toCRLF(raw []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(raw) + len(raw)/32)
	w := rfc822.NewCRLFWriter(&b)
	w.Write(raw) // writes to a bytes.Buffer do not fail
	return b.Bytes()
}
