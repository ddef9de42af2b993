package pop3sync

import (
	"bytes"
	"context"
	"time"

	"wren/account/store"
	"wren/transport/rfc822"
)

// OnStore keeps one POP3 account's downloads in the local store: each
// message goes to the local INBOX with its whole source (the server may
// delete it later, so the store keeps the only copy).
func OnStore(st *store.Store, account string) Store {
	return &storeAdapter{st: st, account: account}
}

type storeAdapter struct {
	st      *store.Store
	account string
}

func (a *storeAdapter) Downloaded(ctx context.Context) (map[string]time.Time, error) {
	return a.st.POP3Downloaded(ctx, a.account)
}

func (a *storeAdapter) SaveDownloads(ctx context.Context, ds []Download) error {
	out := make([]store.Download, 0, len(ds))
	for _, d := range ds {
		m, text := headerOf(d.Raw, d.At)
		out = append(out, store.Download{UIDL: d.UIDL, At: d.At, Message: m, Raw: d.Raw, Text: text})
	}
	return a.st.AddDownloads(ctx, a.account, out)
}

// headerOf reads the header row and the text of a downloaded message.
func headerOf(raw []byte, at time.Time) (store.Message, string) {
	// A message that does not parse is still kept: its source is what
	// the user may need, and the header row falls back to what parsed.
	msg, _ := rfc822.Parse(bytes.NewReader(raw), rfc822.Limits{})
	m := store.Message{Size: int64(len(raw)), Date: at}
	text := ""
	if msg != nil {
		m.Subject, m.MessageID, m.References = msg.Subject, msg.MessageID, msg.References
		if !msg.Date.IsZero() {
			m.Date = msg.Date
		}
		if len(msg.From) > 0 {
			m.From = store.Address{Name: msg.From[0].Name, Addr: msg.From[0].Address}
		}
		m.To, m.Cc = addrs(msg.To), addrs(msg.Cc)
		if len(msg.InReplyTo) > 0 {
			m.InReplyTo = msg.InReplyTo[0]
		}
		for _, att := range msg.Attachments {
			if !att.Inline {
				m.HasAttachment = true
			}
		}
		text = msg.Text
	}
	return m, text
}

func addrs(in []rfc822.Address) []store.Address {
	out := make([]store.Address, 0, len(in))
	for _, x := range in {
		out = append(out, store.Address{Name: x.Name, Addr: x.Address})
	}
	return out
}

func (a *storeAdapter) Forget(ctx context.Context, uidls []string) error {
	return a.st.ForgetPOP3(ctx, a.account, uidls)
}
