package session

import (
	"context"

	"wren/account/store"
)

// FetchText gets the text of a message the store has only the header of:
// from the IMAP server (and keeps it, so the next reading is offline), or
// from the stored source of a POP3 message.
func (s *Session) FetchText(ctx context.Context, m store.Message) (string, error) {
	msg, _, err := s.FetchMessage(ctx, m)
	if err != nil {
		return "", err
	}
	return msg.Text, nil
}
