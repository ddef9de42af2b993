package pop3sync

import (
	"bytes"
	"context"
	"time"

	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport/rfc822"
)

// OnStore keeps one POP3 account's downloads in the local store: each
// message goes to the local INBOX, listed by its header first, then with
// its whole source (the server may delete it later, so the store keeps
// the only copy).
func OnStore(st *store.Store, account string) Store {
	return &storeAdapter{st: st, account: account}
}

type storeAdapter struct {
	st      *store.Store
	account string
}

func (a *storeAdapter) Downloaded(ctx context.Context) (map[string]time.Time, error) {
	// Asked first in every check: the local folders are made sure of here.
	if err := a.st.EnsurePOP3Folders(ctx, a.account); err != nil {
		return nil, err
	}
	return a.st.POP3Downloaded(ctx, a.account)
}

func (a *storeAdapter) Pending(ctx context.Context) (map[string]bool, error) {
	return a.st.POP3Pending(ctx, a.account)
}

func (a *storeAdapter) SaveHeaders(ctx context.Context, hs []Download) error {
	out := make([]store.HeaderDownload, 0, len(hs))
	for _, h := range hs {
		f := h.Fields
		if f == nil {
			f = new(imapsync.Header)
			imapsync.ParseFields(h.Raw, f)
		}
		out = append(out, store.HeaderDownload{UIDL: h.UIDL, At: h.At, Message: headerRow(f, h.At)})
	}
	return a.st.AddPOP3Headers(ctx, a.account, out)
}

// headerRow is the row of a message's list fields (read from a header
// block, or a whole message: parsing stops at the blank line). A header
// that does not parse still gives a row, with what did.
func headerRow(h *imapsync.Header, at time.Time) store.Message {
	m := store.Message{Date: h.Date, Subject: h.Subject, MessageID: h.MessageID, References: h.References,
		To: addrs(h.To), Cc: addrs(h.Cc), HasAttachment: h.HasAttachment}
	if m.Date.IsZero() {
		m.Date = at
	}
	if len(h.From) > 0 {
		m.From = store.Address(h.From[0])
	}
	if len(h.InReplyTo) > 0 {
		m.InReplyTo = h.InReplyTo[0]
	}
	return m
}

func addrs(in []imapsync.Address) []store.Address {
	out := make([]store.Address, 0, len(in))
	for _, x := range in {
		out = append(out, store.Address(x))
	}
	return out
}

func (a *storeAdapter) SaveSources(ctx context.Context, ds []Download) error {
	out := make([]store.POP3Source, 0, len(ds))
	for _, d := range ds {
		src := store.POP3Source{UIDL: d.UIDL, Raw: d.Raw}
		src.Text, src.HasAttachment = bodyOf(d.Raw)
		out = append(out, src)
	}
	return a.st.AddPOP3Sources(ctx, a.account, out)
}

func (a *storeAdapter) Forget(ctx context.Context, uidls []string) error {
	return a.st.ForgetPOP3(ctx, a.account, uidls)
}

// bodyOf reads a whole message's text for the index, and whether it has
// attachments. A message that does not parse gives what did: it is still
// kept, since its source is what the user may need.
func bodyOf(raw []byte) (text string, hasAttachment bool) {
	msg, _ := rfc822.Parse(bytes.NewReader(raw), rfc822.Limits{})
	if msg == nil {
		return "", false
	}
	for _, att := range msg.Attachments {
		hasAttachment = hasAttachment || !att.Inline
	}
	return msg.Text, hasAttachment
}
