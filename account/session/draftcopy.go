package session

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"strings"
	"sync"
	"time"

	"wren/account"
	"wren/account/actions"
	"wren/account/drafts"
	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport/imap"
)

// draftCopyEvery is how often drafts changed since their last server copy
// are copied to the server's Drafts folder while the session runs, as the
// common clients do by default (the local autosave, every few seconds, is
// what protects against a crash; the server copy is for continuing on
// another device, and each new copy replaces the last on the server).
const draftCopyEvery = 5 * time.Minute

// draftCopies keeps a copy of each draft of an IMAP account in its
// server's Drafts folder, replacing the copy as the draft changes.
type draftCopies struct {
	// mu is held while copies are made and while a draft is discarded, so
	// that a discard never races a copy of the same draft.
	mu   sync.Mutex
	wake chan struct{}
}

// CopyDraftsNow asks for the changed drafts to be copied to the server at
// once (the composer calls it when a draft is closed); it does not wait.
func (s *Session) CopyDraftsNow() {
	select {
	case s.mail.copies.wake <- struct{}{}:
	default:
	}
}

// startDraftCopies copies changed drafts every draftCopyEvery and on
// CopyDraftsNow until ctx ends.
func (s *Session) startDraftCopies(ctx context.Context, every time.Duration) {
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			if err := s.copyDrafts(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("copying drafts to the server failed", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			case <-s.mail.copies.wake:
			}
		}
	}()
}

// copyDrafts copies every draft whose server copy is missing or stale,
// one connection per account.
func (s *Session) copyDrafts(ctx context.Context) error {
	c := &s.mail.copies
	c.mu.Lock()
	defer c.mu.Unlock()
	all, err := s.mail.drafts.List()
	if err != nil {
		return err
	}
	byAccount := map[string][]drafts.Draft{}
	for _, d := range all {
		if !d.Empty() && d.ServerStale() {
			byAccount[d.Account] = append(byAccount[d.Account], d)
		}
	}
	var errs []error
	for name, ds := range byAccount {
		a := s.imapAccount(name)
		if a == nil {
			continue // POP3, or an account removed since: the draft stays local
		}
		if st, err := s.Status(name); err != nil || (st.State != imapsync.StateOnline && st.State != imapsync.StateSyncing) {
			continue // offline: tried again once its runner is connected
		}
		if err := s.copyAccountDrafts(ctx, a, ds); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

func (s *Session) imapAccount(name string) *account.Account {
	if a := s.accountNamed(name); a != nil && a.Incoming.Protocol == account.IMAP {
		return a
	}
	return nil
}

// draftConn is what copying needs of a logged-in session (*imap.Client).
type draftConn interface {
	drafts.Conn
	List(ctx context.Context) ([]imap.Folder, error)
	Close() error
}

func (s *Session) copyAccountDrafts(ctx context.Context, a *account.Account, ds []drafts.Draft) error {
	ic, err := s.dialer(a)(ctx)
	if err != nil {
		return err
	}
	conn, ok := ic.(draftConn)
	if !ok {
		ic.Close()
		return fmt.Errorf("the connection cannot keep drafts")
	}
	defer conn.Close()
	folder, err := draftsFolder(ctx, conn)
	if err != nil {
		return err
	}
	for _, d := range ds {
		up, err := s.mail.drafts.Upload(ctx, conn, folder, d)
		if err != nil {
			return err
		}
		err = s.mail.drafts.SetServerCopy(d.ID, up.ServerFolder, up.ServerUID, d.Updated)
		if errors.Is(err, fs.ErrNotExist) {
			// Discarded while the copy was made: the copy goes too.
			err = s.Act(ctx, a.Name, up.ServerFolder, []uint32{up.ServerUID}, actions.Delete, "")
		}
		if err != nil {
			return err
		}
		s.showDraftCopy(ctx, a.Name, d, up)
	}
	return nil
}

// draftsFolder is the folder with the Drafts role, else the first
// well-known name (English or localized), else "Drafts", which the upload
// creates (APPEND follows NO [TRYCREATE]).
func draftsFolder(ctx context.Context, conn draftConn) (string, error) {
	folders, err := conn.List(ctx)
	if err != nil {
		return "", err
	}
	name, _ := imap.FindRole(folders, imap.RoleDrafts)
	return name, nil
}

// discardDraft deletes a draft and, through the action queue (durable,
// replayed when connected), its server copy.
func (s *Session) discardDraft(ctx context.Context, id string) error {
	c := &s.mail.copies
	c.mu.Lock()
	defer c.mu.Unlock()
	d, err := s.mail.drafts.Get(id)
	if err == nil && d.ServerUID != 0 && d.ServerFolder != "" && s.imapAccount(d.Account) != nil {
		if err := s.Act(ctx, d.Account, d.ServerFolder, []uint32{d.ServerUID}, actions.Delete, ""); err != nil {
			return err
		}
	}
	return s.mail.drafts.Delete(id)
}

// showDraftCopy puts a draft's new server copy in the store at once, in
// place of the copy it replaced, so that the Drafts folder shows it
// without waiting for a sync; the folder is synced after, which finds the
// row there. Should the store refuse, the sync brings it anyway.
func (s *Session) showDraftCopy(ctx context.Context, acct string, old, up drafts.Draft) {
	err := func() error {
		f, err := s.Store.Folder(ctx, acct, up.ServerFolder)
		if err != nil {
			return err
		}
		if err := s.Store.UpsertMessages(ctx, acct, up.ServerFolder, f.State.UIDValidity, []store.Message{draftRow(up)}); err != nil {
			return err
		}
		if old.ServerUID != 0 && old.ServerFolder == up.ServerFolder && old.ServerUID != up.ServerUID {
			return s.Store.DeleteMessages(ctx, acct, old.ServerFolder, []uint32{old.ServerUID})
		}
		return nil
	}()
	if err != nil {
		s.log.Warn("showing a draft's server copy before the sync failed", "account", acct, "err", err)
	}
	s.syncFolders(acct, up.ServerFolder)
}

// draftRow is the list row of a draft's server copy.
func draftRow(d drafts.Draft) store.Message {
	m := store.Message{UID: d.ServerUID, Date: d.Updated, Subject: d.Subject, HasAttachment: len(d.Attach) > 0,
		Flags: store.Flags{Seen: true, Draft: true}, InReplyTo: firstOf(d.InReplyTo), References: d.References}
	if a, err := mail.ParseAddress(d.From); err == nil {
		m.From = store.Address{Name: a.Name, Addr: a.Address}
	}
	m.To, m.Cc = rowAddrs(d.To), rowAddrs(d.Cc)
	m.Snippet, _, _ = strings.Cut(strings.TrimSpace(d.Body), "\n")
	if len(m.Snippet) > 200 {
		m.Snippet = strings.ToValidUTF8(m.Snippet[:200], "")
	}
	return m
}

func rowAddrs(s string) []store.Address {
	list, _ := mail.ParseAddressList(s)
	out := make([]store.Address, 0, len(list))
	for _, a := range list {
		out = append(out, store.Address{Name: a.Name, Addr: a.Address})
	}
	return out
}

func firstOf(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}
