// Package transfer brings mail in from files and takes it out to them
// (issue #19): an import reads an mbox or a folder of .eml files into a
// destination (a POP3 account's local folder in the store, or an IMAP
// folder on the server), skipping messages the destination holds already
// by Message-ID; an export writes a folder's messages, byte for byte, to an
// mbox or .eml files. It knows nothing of windows or the command line:
// both drive it, with progress and cancelling through ctx.
package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"wren/account/imapsync"
	"wren/account/mailfile"
)

// Message is one message on its way in.
type Message struct {
	Raw []byte
	// Date is when the mail program first had it (an mbox "From " line's
	// date), for the IMAP internal date; zero uses the Date header.
	Date time.Time
}

// Source hands each message it reads to put, in order. A damaged spot it
// reads past goes to skip (a *mailfile.CorruptError); a damage it cannot
// read past is its error, after the messages before it went to put.
type Source func(ctx context.Context, put func(Message) error, skip func(error)) error

// Dest is where imported messages go.
type Dest interface {
	// MessageIDs lists the Message-IDs the destination holds (without
	// angle brackets), to skip them.
	MessageIDs(ctx context.Context) (map[string]bool, error)
	// Put stores a batch and says how many of it it stored, also when
	// it fails partway (those stay stored).
	Put(ctx context.Context, batch []Message) (stored int, err error)
}

// Progress is how far an import or export is.
type Progress struct {
	Read       int // messages read so far
	Imported   int // stored in the destination (or written, for an export)
	Duplicates int // skipped: the destination had them (or the file did already)
	Damaged    int // damaged spots read past
}

// Result is how an import or export ended.
type Result struct {
	Progress
	// Damage lists where the source was damaged, read past or not.
	Damage []*mailfile.CorruptError
	// Seconds is how long it took.
	Seconds float64
}

// Options shape an import.
type Options struct {
	// Batch is how many messages are stored together (default 200), and
	// BatchBytes bounds a batch's size (default 16 MiB).
	Batch      int
	BatchBytes int
	// OnProgress, when set, hears after every batch.
	OnProgress func(Progress)
}

// Import reads src into dst. What was stored before a failure stays
// stored; the result says how far it got, and the error why it stopped
// (a *mailfile.CorruptError for a file it could not read on).
func Import(ctx context.Context, src Source, dst Dest, o Options) (Result, error) {
	start := time.Now()
	var r Result
	if o.Batch <= 0 {
		o.Batch = 200
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 16 << 20
	}
	have, err := dst.MessageIDs(ctx)
	if err != nil {
		return r, err
	}
	var batch []Message
	size := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		n, err := dst.Put(ctx, batch)
		r.Imported += n
		if err != nil {
			return err
		}
		batch, size = batch[:0], 0
		if o.OnProgress != nil {
			o.OnProgress(r.Progress)
		}
		return nil
	}
	put := func(m Message) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.Read++
		if id := MessageID(m.Raw); id != "" {
			if have[id] {
				r.Duplicates++
				return nil
			}
			have[id] = true // twice in one file is a duplicate too
		}
		batch = append(batch, m)
		size += len(m.Raw)
		if len(batch) >= o.Batch || size >= o.BatchBytes {
			return flush()
		}
		return nil
	}
	skip := func(err error) {
		r.Damaged++
		var ce *mailfile.CorruptError
		if errors.As(err, &ce) {
			r.Damage = append(r.Damage, ce)
		}
	}
	err = src(ctx, put, skip)
	if ferr := flush(); err == nil {
		err = ferr
	}
	var ce *mailfile.CorruptError
	if errors.As(err, &ce) {
		r.Damage = append(r.Damage, ce)
	}
	r.Seconds = time.Since(start).Seconds()
	if err != nil {
		return r, fmt.Errorf("import stopped after %d messages: %w", r.Read, err)
	}
	return r, nil
}

// maxHeader bounds the header block read for a Message-ID.
const maxHeader = 256 << 10

// MessageID is a message's Message-ID without angle brackets, "" when it
// has none.
func MessageID(raw []byte) string {
	head := raw[:min(len(raw), maxHeader)]
	if i := bytes.Index(head, []byte("\n\n")); i >= 0 {
		head = head[:i+1]
	} else if i := bytes.Index(head, []byte("\r\n\r\n")); i >= 0 {
		head = head[:i+2]
	}
	var h imapsync.Header
	imapsync.ParseFields(head, &h)
	return trimID(h.MessageID)
}

func trimID(id string) string {
	return string(bytes.Trim(bytes.TrimSpace([]byte(id)), "<>"))
}
