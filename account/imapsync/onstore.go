package imapsync

import (
	"context"
	"errors"

	"wren/account/store"
)

// OnStore keeps one account's IMAP state in the local store.
func OnStore(st *store.Store, account string) Store {
	return &storeAdapter{st: st, account: account}
}

type storeAdapter struct {
	st      *store.Store
	account string
}

func (a *storeAdapter) SaveFolders(ctx context.Context, folders []Folder) error {
	keep := map[string]bool{}
	for _, f := range folders {
		keep[f.Name] = true
		if err := a.st.UpsertFolder(ctx, a.account, f.Name, roleOf(f.Role)); err != nil {
			return err
		}
	}
	have, err := a.st.Folders(ctx, a.account)
	if err != nil {
		return err
	}
	for _, f := range have {
		if !keep[f.Name] {
			if err := a.st.DeleteFolder(ctx, a.account, f.Name); err != nil {
				return err
			}
		}
	}
	return nil
}

// roleOf maps IMAP special use to the store's roles; "all" and "flagged"
// are views, not places mail is filed, and get no role.
func roleOf(r string) store.Role {
	switch store.Role(r) {
	case store.RoleInbox, store.RoleSent, store.RoleDrafts, store.RoleTrash, store.RoleJunk, store.RoleArchive:
		return store.Role(r)
	}
	return store.RoleNone
}

func (a *storeAdapter) FolderState(ctx context.Context, folder string) (FolderState, error) {
	f, err := a.st.Folder(ctx, a.account, folder)
	if errors.Is(err, store.ErrNotFound) {
		return FolderState{}, nil
	}
	if err != nil {
		return FolderState{}, err
	}
	return FolderState{UIDValidity: f.State.UIDValidity, UIDNext: f.State.UIDNext,
		HighestModSeq: f.State.HighestModSeq, Cached: f.Total}, nil
}

func (a *storeAdapter) SetFolderState(ctx context.Context, folder string, st FolderState) error {
	return a.st.SetFolderState(ctx, a.account, folder, store.FolderState{
		UIDValidity: st.UIDValidity, UIDNext: st.UIDNext, HighestModSeq: st.HighestModSeq})
}

func (a *storeAdapter) ResetFolder(ctx context.Context, folder string, uidValidity uint32) error {
	return a.st.ResetFolder(ctx, a.account, folder, uidValidity)
}

func (a *storeAdapter) SaveHeaders(ctx context.Context, folder string, uidValidity uint32, hs []Header) error {
	ms := make([]store.Message, 0, len(hs))
	for _, h := range hs {
		m := store.Message{
			UID: h.UID, Flags: store.ParseFlags(h.Flags), Date: h.Date,
			To: addrs(h.To), Cc: addrs(h.Cc), Subject: h.Subject, MessageID: h.MessageID,
			References: h.References, Size: h.Size, HasAttachment: h.HasAttachment,
		}
		if len(h.From) > 0 {
			m.From = store.Address(h.From[0])
		}
		if len(h.InReplyTo) > 0 {
			m.InReplyTo = h.InReplyTo[0]
		}
		ms = append(ms, m)
	}
	return a.st.UpsertMessages(ctx, a.account, folder, uidValidity, ms)
}

func addrs(in []Address) []store.Address {
	out := make([]store.Address, 0, len(in))
	for _, a := range in {
		out = append(out, store.Address(a))
	}
	return out
}

func (a *storeAdapter) SetFlags(ctx context.Context, folder string, changes []FlagChange) error {
	cs := make([]store.FlagChange, 0, len(changes))
	for _, c := range changes {
		cs = append(cs, store.FlagChange{UID: c.UID, Flags: store.ParseFlags(c.Flags)})
	}
	return a.st.SetFlags(ctx, a.account, folder, cs)
}

func (a *storeAdapter) LocalUIDs(ctx context.Context, folder string) ([]uint32, error) {
	uids, err := a.st.LocalUIDs(ctx, a.account, folder)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	return uids, err
}

func (a *storeAdapter) DeleteUIDs(ctx context.Context, folder string, uids []uint32) error {
	return a.st.DeleteMessages(ctx, a.account, folder, uids)
}

func (a *storeAdapter) SaveTexts(ctx context.Context, folder string, texts []Text) error {
	ts := make([]store.UIDText, len(texts))
	for i, t := range texts {
		ts[i] = store.UIDText(t)
	}
	return a.st.SaveTexts(ctx, a.account, folder, ts)
}
