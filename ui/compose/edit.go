package compose

import (
	"context"

	core "wren/account/compose"
	"wren/account/drafts"
	"wren/account/store"
)

// EditDraft reopens a draft listed in a Drafts folder: the composer it is
// open in, else the draft this computer keeps behind that server copy
// (its attachments as the files chosen), else the server copy itself, a
// draft from another device, whose first save here replaces it.
func (m *Manager) EditDraft(msg store.Message) {
	if d, ok := m.localDraft(msg); ok {
		for w := range m.windows {
			if w.draftID == d.ID && !w.closed {
				w.win.RequestFocus()
				return
			}
		}
		m.openStored(d)
		return
	}
	b, ctx := m.deps.Backend, m.ctx
	go func() {
		ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
		defer cancel()
		parsed, _, err := b.FetchMessage(ctx, msg)
		if err != nil || parsed == nil {
			m.do(func() { m.fetchFailed(err) })
			return
		}
		d := core.Reopen(parsed, nil)
		m.do(func() {
			if m.ctx.Err() != nil {
				return
			}
			m.openWith(msg.Account, d, nil, func(w *Window) {
				w.replaces = serverCopy{folder: msg.Folder, uid: msg.UID}
			})
		})
	}()
}

// serverCopy names a draft's copy on the server.
type serverCopy struct {
	folder string
	uid    uint32
}

// localDraft is the saved draft whose server copy msg is.
func (m *Manager) localDraft(msg store.Message) (drafts.Draft, bool) {
	list, err := m.deps.Backend.Drafts().List()
	if err != nil {
		m.deps.Logger.Warn("listing drafts failed", "err", err)
		return drafts.Draft{}, false
	}
	for _, d := range list {
		if d.Account == msg.Account && d.ServerFolder == msg.Folder && d.ServerUID == msg.UID && msg.UID != 0 {
			return d, true
		}
	}
	return drafts.Draft{}, false
}
