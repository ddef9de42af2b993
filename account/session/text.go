package session

import (
	"bytes"
	"context"
	"fmt"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account"
	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/rfc822"
)

// maxFetched bounds a message fetched whole to read its text.
const maxFetched = 32 << 20

// FetchText gets the text of a message the store has only the header of:
// from the IMAP server (and keeps it, so the next reading is offline), or
// from the stored source of a POP3 message.
func (s *Session) FetchText(ctx context.Context, m store.Message) (string, error) {
	a := s.account(m.Account)
	if a == nil {
		return "", fmt.Errorf("%w: %s", account.ErrNoAccount, m.Account)
	}
	var raw []byte
	switch a.Incoming.Protocol {
	case account.POP3:
		src, err := s.Store.Source(ctx, m.ID)
		if err != nil {
			return "", err
		}
		raw = src
	case account.IMAP:
		c, err := s.dialer(a)(ctx)
		if err != nil {
			return "", err
		}
		defer c.Close()
		conn, ok := c.(*imap.Client)
		if !ok {
			return "", fmt.Errorf("session: unexpected connection type %T", c)
		}
		if _, err := conn.Select(ctx, m.Folder, true); err != nil {
			return "", err
		}
		var buf bytes.Buffer
		if _, err := conn.FetchBody(ctx, goimap.UID(m.UID), imap.Section{}, maxFetched, &buf); err != nil {
			return "", err
		}
		raw = buf.Bytes()
	default:
		return "", fmt.Errorf("account %s has no incoming server", a.Name)
	}
	msg, err := rfc822.Parse(bytes.NewReader(raw), rfc822.Limits{})
	if err != nil {
		return "", err
	}
	if msg.Text != "" && a.Incoming.Protocol == account.IMAP {
		if err := imapsync.OnStore(s.Store, a.Name).SaveText(ctx, m.Folder, m.UID, msg.Text); err != nil {
			s.log.Warn("keeping the fetched text failed", "err", err)
		}
	}
	return msg.Text, nil
}

func (s *Session) account(name string) *account.Account {
	for i := range s.Accounts {
		if s.Accounts[i].Name == name {
			return &s.Accounts[i]
		}
	}
	return nil
}
