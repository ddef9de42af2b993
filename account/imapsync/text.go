package imapsync

import (
	"bytes"
	"context"
	"errors"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/rfc822"
)

// MaxTextSource bounds a message fetched whole for its text: bigger ones
// (large attachments) are fetched part by part when opened.
const MaxTextSource = 512 << 10

// fetchTexts keeps the body text of the newest of the fresh messages
// (fresh is newest first).
func (e *Engine) fetchTexts(ctx context.Context, conn Conn, folder string, fresh []uint32) error {
	n := min(e.Texts, len(fresh))
	for _, uid := range fresh[:n] {
		var buf bytes.Buffer
		_, err := conn.FetchBody(ctx, goimap.UID(uid), imap.Section{}, MaxTextSource, &buf)
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
		if err := e.Store.SaveText(ctx, folder, uid, msg.Text); err != nil {
			return err
		}
	}
	return nil
}
