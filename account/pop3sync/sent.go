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
	h := new(imapsync.Header)
	imapsync.ParseFields(raw, h)
	m := headerRow(h, time.Now())
	m.Size = int64(len(raw))
	m.Flags.Seen = true
	text, att := bodyOf(raw)
	m.HasAttachment = m.HasAttachment || att
	_, err := st.AddLocalSent(ctx, account, m, raw, text)
	return err
}
