package pop3sync

import (
	"context"
	"time"

	"wren/account/imapsync"
	"wren/account/store"
)

// FileSent keeps a copy of a message the POP3 account sent in its local
// Sent folder, read, with its source and its text in the index: its
// server has no Sent folder, and the outbox lets go of sent messages after
// a while. Filing the same message again (by Message-ID) keeps one copy.
func FileSent(ctx context.Context, st *store.Store, account string, raw []byte) error {
	m, text := LocalRow(raw, time.Now())
	m.Flags.Seen = true
	_, err := st.AddLocalSent(ctx, account, m, raw, text)
	return err
}

// LocalRow is the header row and the body text of a whole message kept in
// a local folder; at is its date when it has none.
func LocalRow(raw []byte, at time.Time) (store.Message, string) {
	h := new(imapsync.Header)
	imapsync.ParseFields(raw, h)
	m := headerRow(h, at)
	m.Size = int64(len(raw))
	text, att := bodyOf(raw)
	m.HasAttachment = m.HasAttachment || att
	return m, text
}
