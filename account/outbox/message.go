package outbox

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"wren/account"
	"wren/transport/rfc822"
)

// Files makes the files a message is written to before it is queued (the
// store's outbox folder, account/store).
type Files interface {
	NewOutboxFile() (*os.File, error)
}

// WriteMessage writes a message with write into a new file of files, in
// CRLF line endings, and syncs it to disk, so that once queued it
// survives a crash. It returns
// the file's path and size; on failure nothing is left behind, and a full
// disk is an account.DiskFullError.
func WriteMessage(files Files, write func(io.Writer) error) (path string, size int64, err error) {
	f, err := files.NewOutboxFile()
	if err != nil {
		return "", 0, err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = account.DiskFull(err, filepath.Dir(f.Name()), size)
		}
	}()
	cw := &countWriter{w: f}
	bw := bufio.NewWriterSize(cw, 64<<10)
	// Line endings become CRLF on the way in: the file is then exactly
	// what goes over SMTP and into the Sent copy's APPEND.
	if err = write(rfc822.NewCRLFWriter(bw)); err != nil {
		return "", 0, err
	}
	if err = bw.Flush(); err != nil {
		return "", 0, fmt.Errorf("writing the message: %w", err)
	}
	size = cw.n
	if err = f.Sync(); err != nil {
		return "", 0, fmt.Errorf("writing the message: %w", err)
	}
	if err = f.Close(); err != nil {
		return "", 0, fmt.Errorf("writing the message: %w", err)
	}
	return f.Name(), size, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Open returns the message as built, from its file (or, for one queued
// before messages had files, from Raw), and its size. The reader can seek,
// so an upload refused for a missing folder can start again.
func (it Item) Open() (io.ReadSeekCloser, int64, error) {
	if it.File == "" {
		return nopCloser{bytes.NewReader(it.Raw)}, int64(len(it.Raw)), nil
	}
	f, err := os.Open(it.File)
	if err != nil {
		return nil, 0, fmt.Errorf("the message of the outbox is missing: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("the message of the outbox cannot be read: %w", err)
	}
	return f, info.Size(), nil
}

// ReadAll returns the whole message, bounded by limit: for the few uses
// that need it in memory (a local Sent copy, Undo of a message queued by
// an earlier run).
func (it Item) ReadAll(limit int64) ([]byte, error) {
	r, size, err := it.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if size > limit {
		return nil, fmt.Errorf("the message (%d bytes) is larger than %d bytes", size, limit)
	}
	return io.ReadAll(io.LimitReader(r, limit))
}

type nopCloser struct{ *bytes.Reader }

func (nopCloser) Close() error { return nil }

// Message parses the message back (Undo after a restart, Edit of a
// failed one).
func (it Item) Message() (*rfc822.Message, error) {
	r, _, err := it.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	msg, err := rfc822.Parse(r, rfc822.Limits{})
	if err != nil {
		return nil, fmt.Errorf("reading the message back: %w", err)
	}
	return msg, nil
}
