package imapsync

import (
	"bytes"
	"context"
	"errors"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/rfc822"
)

// MaxTextSource bounds a message fetched whole for its text: bigger ones
// (large attachments) are fetched part by part when opened.
const MaxTextSource = 512 << 10

// fetchTexts keeps the body text of the newest of the fresh messages
// (fresh is newest first), saved together.
func (e *Engine) fetchTexts(ctx context.Context, conn Conn, folder string, fresh []uint32, r *FolderResult) error {
	n := min(e.Texts, len(fresh))
	var texts []Text
	for _, uid := range fresh[:n] {
		var buf bytes.Buffer
		start := time.Now()
		_, err := conn.FetchBody(ctx, goimap.UID(uid), imap.Section{}, MaxTextSource, &buf)
		r.Fetch += time.Since(start)
		switch {
		case errors.Is(err, imap.ErrNoMessage), errors.Is(err, transport.ErrTooLarge):
			continue // gone meanwhile, or too big to fetch whole now
		case err != nil:
			return err
		}
		msg, err := rfc822.Parse(&buf, rfc822.Limits{})
		if err != nil || msg.Text == "" {
			continue // no text part (HTML only, or unreadable): nothing to keep
		}
		texts = append(texts, Text{UID: uid, Text: msg.Text})
	}
	start := time.Now()
	err := e.Store.SaveTexts(ctx, folder, texts)
	r.Store += time.Since(start)
	return err
}
