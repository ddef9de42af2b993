package demo

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	goimap "github.com/emersion/go-imap/v2"
)

// Message is one message to put into the demo mailbox.
type Message struct {
	// Folder is the folder name; case is ignored for existing folders
	// ("Inbox" is INBOX) and a new name creates the folder.
	Folder string
	// Flags are IMAP flags ("\\Seen") or their bare names ("seen",
	// "flagged", "answered", "draft", "deleted"); anything else is kept as
	// a keyword.
	Flags []string
	Date  time.Time
	// Raw is the complete RFC 5322 message with CRLF line endings.
	Raw []byte
}

// Source yields the messages that fill the demo account.
type Source interface {
	Messages() iter.Seq[Message]
}

// SourceFunc adapts a function to Source.
type SourceFunc func() iter.Seq[Message]

func (f SourceFunc) Messages() iter.Seq[Message] { return f() }

// maxFillMessage bounds one message a source may hand in.
const maxFillMessage = 25 << 20

// Fill appends every message of src to the demo mailbox and returns how
// many it added. It stops at the first failure or when ctx is done.
func (d *Demo) Fill(ctx context.Context, src Source) (int, error) {
	n := 0
	for m := range src.Messages() {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("demo: fill: %w", err)
		}
		if len(m.Raw) == 0 || len(m.Raw) > maxFillMessage {
			return n, fmt.Errorf("demo: fill: message %d in %q has %d bytes", n+1, m.Folder, len(m.Raw))
		}
		name, err := d.folderFor(m.Folder)
		if err != nil {
			return n, err
		}
		if err := d.store.deliver(name, m.Raw, imapFlags(m.Flags), m.Date); errors.Is(err, ErrUnservable) {
			d.logger.Warn("a message is left out of the demo", "folder", m.Folder, "index", n+d.Skipped+1, "err", err)
			d.Skipped++
			continue
		} else if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (d *Demo) folderFor(name string) (string, error) {
	if name == "" {
		name = "INBOX"
	}
	if have, ok := d.store.resolve(name); ok {
		return have, nil
	}
	if err := d.store.create(name, ""); err != nil {
		return "", fmt.Errorf("demo: create folder %q: %w", name, err)
	}
	return name, nil
}

var systemFlags = map[string]goimap.Flag{
	"seen":     goimap.FlagSeen,
	"flagged":  goimap.FlagFlagged,
	"answered": goimap.FlagAnswered,
	"draft":    goimap.FlagDraft,
	"deleted":  goimap.FlagDeleted,
}

func imapFlags(in []string) []goimap.Flag {
	out := make([]goimap.Flag, 0, len(in))
	for _, f := range in {
		if sf, ok := systemFlags[strings.ToLower(strings.TrimPrefix(f, `\`))]; ok {
			out = append(out, sf)
			continue
		}
		if f != "" {
			out = append(out, goimap.Flag(f))
		}
	}
	return out
}
