package store

import (
	"testing"
	"time"
)

// A schema-6 store's sent mail of a POP3 account (which then needed no
// Sent copy) waits for its copy in the local Sent after the move to
// schema 7; an IMAP account's sent mail and unsent mail are left alone.
func TestV7RefilesPOP3SentMail(t *testing.T) {
	ctx := ctxT(t)
	var popSent, popQueued, imapSent int64
	s := migrated(t, 6, func(old *Store) {
		if err := old.AddDownloaded(ctx, "pop", "U1", time.Now(), msg(0, "carol", "hello"), []byte("x"), ""); err != nil {
			t.Fatal(err)
		}
		add := func(account string, state OutboxState, copied bool) int64 {
			t.Helper()
			// The schema-6 columns only: AddOutbox writes today's.
			res, err := old.w.ExecContext(ctx, `INSERT INTO outbox (account, mail_from, rcpt_to, raw, message_id,
				state, attempts, next_at, last_error, sent_copy, created) VALUES (?, 'me@x', '["you@y"]',
				?, '', ?, 0, 0, '', ?, ?)`, account, []byte("Subject: s\r\n\r\nx"), string(state), copied,
				time.Now().UnixMilli())
			if err != nil {
				t.Fatal(err)
			}
			id, _ := res.LastInsertId()
			return id
		}
		popSent, popQueued, imapSent = add("pop", OutboxSent, true), add("pop", OutboxQueued, false), add("imap", OutboxSent, true)
	})
	for id, want := range map[int64]bool{popSent: false, popQueued: false, imapSent: true} {
		it, err := s.GetOutbox(ctx, id)
		if err != nil || it.SentCopy != want {
			t.Errorf("item %d (%s, %s): sent copy %v, %v; want %v", id, it.Account, it.State, it.SentCopy, err, want)
		}
	}
}
