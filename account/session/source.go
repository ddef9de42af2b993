package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	goimap "github.com/emersion/go-imap/v2"

	"wren/account"
	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/rfc822"
)

// SourcePart is the part ID under which a message's whole source is cached
// in the store (the parts of its structure keep their IMAP section IDs).
const SourcePart = "SOURCE"

// maxFetched bounds a message fetched whole.
const maxFetched = 32 << 20

// FetchSource returns a message's raw source: the cached copy when there
// is one, else the server's (kept in the part cache for the next reading,
// within its budget); for POP3 the source the store keeps.
func (s *Session) FetchSource(ctx context.Context, m store.Message) ([]byte, error) {
	a := s.account(m.Account)
	if a == nil {
		return nil, fmt.Errorf("%w: %s", account.ErrNoAccount, m.Account)
	}
	switch a.Incoming.Protocol {
	case account.POP3:
		return s.Store.Source(ctx, m.ID)
	case account.IMAP:
	default:
		return nil, fmt.Errorf("account %s has no incoming server", a.Name)
	}
	raw, err := s.Store.GetPart(ctx, m.ID, SourcePart)
	if err == nil {
		return raw, nil
	}
	if !errors.Is(err, store.ErrNotFound) && !errors.Is(err, store.ErrNotCached) {
		return nil, err
	}
	c, err := s.dialer(a)(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	conn, ok := c.(*imap.Client)
	if !ok {
		return nil, fmt.Errorf("session: unexpected connection type %T", c)
	}
	if _, err := conn.Select(ctx, m.Folder, true); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := conn.FetchBody(ctx, goimap.UID(m.UID), imap.Section{}, maxFetched, &buf); err != nil {
		return nil, err
	}
	raw = buf.Bytes()
	part := store.Part{ID: SourcePart, ContentType: "message/rfc822", Size: int64(len(raw))}
	if err := s.Store.PutPart(ctx, m.ID, part, raw); err != nil {
		s.log.Warn("keeping the fetched message failed", "err", err)
	}
	return raw, nil
}

// FetchMessage returns a message parsed for reading. Its text and the list
// of its attachments are kept in the store, so the message list and search
// know them from then on even when the source is later evicted.
func (s *Session) FetchMessage(ctx context.Context, m store.Message) (*rfc822.Message, []byte, error) {
	raw, err := s.FetchSource(ctx, m)
	if err != nil {
		return nil, nil, err
	}
	msg, err := rfc822.Parse(bytes.NewReader(raw), rfc822.Limits{})
	if err != nil {
		return nil, raw, err
	}
	if a := s.account(m.Account); a != nil && a.Incoming.Protocol == account.IMAP {
		if msg.Text != "" {
			if err := imapsync.OnStore(s.Store, a.Name).SaveTexts(ctx, m.Folder, []imapsync.Text{{UID: m.UID, Text: msg.Text}}); err != nil {
				s.log.Warn("keeping the fetched text failed", "err", err)
			}
		}
		for _, at := range msg.Attachments {
			p := store.Part{ID: at.Section, ContentType: at.ContentType, Filename: at.Filename, Size: at.Size}
			if err := s.Store.PutPart(ctx, m.ID, p, nil); err != nil {
				s.log.Warn("keeping the message structure failed", "err", err)
				break
			}
		}
	}
	return msg, raw, nil
}

func (s *Session) account(name string) *account.Account { return s.accountNamed(name) }
