package transfer

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"

	"wren/account/mailfile"
)

// MboxFile reads the mbox at path in format f. Messages Thunderbird
// deleted without compacting the file (marked in X-Mozilla-Status) are
// left out: the user deleted them.
func MboxFile(path string, f mailfile.Format, onBytes func(read, total int64)) Source {
	return func(ctx context.Context, put func(Message) error, skip func(error)) error {
		file, err := os.Open(path)
		if err != nil {
			return err
		}
		defer file.Close()
		var total int64
		if fi, err := file.Stat(); err == nil {
			total = fi.Size()
		}
		r := mailfile.NewMboxReader(file, f, path)
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			msg, err := r.Next()
			if err == io.EOF {
				return nil
			}
			var ce *mailfile.CorruptError
			if errors.As(err, &ce) && ce.Resumable {
				skip(ce)
				continue
			}
			if err != nil {
				return err
			}
			if onBytes != nil {
				onBytes(r.Offset(), total)
			}
			if mozillaDeleted(msg.Raw) {
				continue
			}
			if err := put(Message{Raw: msg.Raw, Date: msg.Date}); err != nil {
				return err
			}
		}
	}
}

// EMLDir reads the .eml files of dir; a file it cannot read is reported
// and the others go on.
func EMLDir(dir string) Source {
	return func(ctx context.Context, put func(Message) error, skip func(error)) error {
		err := mailfile.ReadEMLDir(dir, func(m mailfile.Message) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			return put(Message{Raw: m.Raw})
		})
		damaged := mailfile.Skipped(err)
		for _, ce := range damaged {
			skip(ce)
		}
		if len(damaged) > 0 && len(damaged) == len(unjoin(err)) {
			return nil // only damaged files, each reported
		}
		return err
	}
}

// unjoin lists the errors joined in err.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// mozillaDeleted reports a message Thunderbird marked expunged (flag
// 0x0008 of X-Mozilla-Status) but kept in its mbox until compaction.
func mozillaDeleted(raw []byte) bool { return mozillaFlag(raw, 0x0008) }

// mozillaFlag reports whether X-Mozilla-Status has flag set.
func mozillaFlag(raw []byte, flag uint64) bool {
	v, ok := headerValue(raw, "X-Mozilla-Status")
	if !ok {
		return false
	}
	n, err := strconv.ParseUint(string(bytes.TrimSpace(v)), 16, 32)
	return err == nil && n&flag != 0
}

// headerValue is the value of the first header field called name.
func headerValue(raw []byte, name string) (value []byte, found bool) {
	mailfile.EachField(raw, func(n, v string) bool {
		if strings.EqualFold(n, name) {
			value, found = []byte(v), true
		}
		return !found
	})
	return value, found
}

// EMLFile reads one .eml file.
func EMLFile(path string) Source {
	return func(ctx context.Context, put func(Message) error, skip func(error)) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		raw, err := io.ReadAll(io.LimitReader(f, mailfile.MaxMessage+1))
		if err != nil {
			return err
		}
		if len(raw) > mailfile.MaxMessage {
			skip(&mailfile.CorruptError{Path: path, Reason: "the message is larger than 64 MiB", Resumable: true})
			return nil
		}
		return put(Message{Raw: raw})
	}
}
