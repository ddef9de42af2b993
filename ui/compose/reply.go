package compose

import (
	"context"
	"slices"
	"strings"

	"wren/account"
	core "wren/account/compose"
	"wren/account/explain"
	"wren/account/render"
	"wren/account/store"
	"wren/transport/rfc822"
	"wren/ui/explainview"
)

// Reply opens an answer to msg (to all its recipients but the user when
// all is set), once the message is fetched.
func (m *Manager) Reply(msg store.Message, all bool) {
	opts := core.ReplyOptions{All: all, Own: ownAddresses(m.deps.Accounts), Now: m.deps.Now()}
	m.answer(msg, func(o core.Original, id account.Identity) rfc822.Draft { return core.Reply(o, id, opts) })
}

// Forward opens a forward of msg with its text and attachments inline.
func (m *Manager) Forward(msg store.Message) {
	now := m.deps.Now()
	m.answer(msg, func(o core.Original, id account.Identity) rfc822.Draft { return core.Forward(o, id, true, now) })
}

// ForwardAsAttachment opens a forward with msg attached whole.
func (m *Manager) ForwardAsAttachment(msg store.Message) {
	now := m.deps.Now()
	m.answer(msg, func(o core.Original, id account.Identity) rfc822.Draft { return core.Forward(o, id, false, now) })
}

// answer fetches msg in the background, builds the draft from it as the
// identity it was addressed to, and opens the composer.
func (m *Manager) answer(msg store.Message, build func(core.Original, account.Identity) rfc822.Draft) {
	b, ctx, accts := m.deps.Backend, m.ctx, m.deps.Accounts
	go func() {
		ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
		defer cancel()
		parsed, raw, err := b.FetchMessage(ctx, msg)
		if err != nil || parsed == nil {
			m.do(func() { m.fetchFailed(err) })
			return
		}
		name, id := pickIdentity(accts, msg.Account, parsed)
		d := build(core.Original{Message: parsed, Text: quotable(parsed), Raw: raw}, id)
		m.do(func() {
			if m.ctx.Err() == nil {
				m.open(name, d, nil)
			}
		})
	}()
}

func (m *Manager) fetchFailed(err error) {
	if err == nil || m.ctx.Err() != nil {
		return
	}
	if p := m.dialogParent(); p != nil {
		e := explain.Explain(err, explain.Context{Operation: explain.OpRead})
		m.lastExplained = explainview.Show(e, p, m.app.Clipboard())
	}
}

// quotable is the text a reply quotes: the plain text, or for a message
// with HTML only the HTML rendered to text (never the markup).
func quotable(msg *rfc822.Message) string {
	if strings.TrimSpace(msg.Text) != "" || strings.TrimSpace(msg.HTML) == "" {
		return msg.Text
	}
	return render.FromMessage(msg, render.Options{}).PlainText()
}

// pickIdentity answers as the identity msg was addressed to; failing
// that, as the account it was received in.
func pickIdentity(accts []account.Account, received string, msg *rfc822.Message) (string, account.Identity) {
	ordered := slices.Clone(accts)
	if i := slices.IndexFunc(ordered, func(a account.Account) bool { return a.Name == received }); i > 0 {
		a := ordered[i]
		ordered = append(append([]account.Account{a}, ordered[:i]...), ordered[i+1:]...)
	}
	return core.PickIdentity(ordered, msg)
}
