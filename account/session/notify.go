package session

import (
	"context"
	"fmt"
	"sync"
	"time"

	"wren/account"
	"wren/account/imapsync"
	"wren/account/store"
	"wren/transport"
)

// NewMail is one batch of unread messages that arrived in an account's
// Inbox since the previous check.
type NewMail struct {
	Account string
	Count   int
	// Newest is the most recent of them (by date).
	Newest store.Message
}

const (
	// newMailPage and newMailScan bound one check's store reads: an Inbox
	// with more unread mail than this only counts what it scanned.
	newMailPage = 200
	newMailScan = 2000
	// checkTimeout bounds one check (local store reads only).
	checkTimeout = 30 * time.Second
)

// notifier remembers, per account, where the Inbox stood at the last
// check (its UIDVALIDITY and UIDNEXT): anything with a UID at or above
// that mark arrived since.
type notifier struct {
	mu      sync.Mutex
	onNew   func(NewMail)
	mark    map[string]store.FolderState
	running map[string]bool
	again   map[string]bool
}

// OnNewMail sets where new-mail batches go. f runs on a session goroutine
// and must not block (the GUI hands it to its own goroutine). The first
// full sync of an account after Start never reports: it only sets the
// mark. Read messages are never reported.
func (s *Session) OnNewMail(f func(NewMail)) {
	s.notify.mu.Lock()
	defer s.notify.mu.Unlock()
	s.notify.onNew = f
}

// SyncNow wakes the account's sync at once ("Get mail"): it reconnects if
// offline, or resyncs. It does not wait for the sync.
func (s *Session) SyncNow(name string) error {
	s.mu.Lock()
	r := s.runners[name]
	s.mu.Unlock()
	if r == nil {
		return fmt.Errorf("%w: %s", account.ErrNoAccount, name)
	}
	r.Wake()
	return nil
}

// noteStatus runs a new-mail check after each sync that ends online. It
// never blocks the runner: the check runs in its own goroutine, and a
// status arriving while one runs asks for one more run, not another
// goroutine.
func (s *Session) noteStatus(ctx context.Context, name string, st imapsync.Status) {
	if st.State != imapsync.StateOnline || !s.notify.begin(name) {
		return
	}
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		for {
			if err := s.checkNewMail(ctx, name); err != nil && ctx.Err() == nil {
				s.log.Warn("new-mail check failed", "account", name, "code", transport.CodeOf(err))
			}
			if !s.notify.end(name) {
				return
			}
		}
	}()
}

func (n *notifier) begin(name string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.running[name] {
		if n.again == nil {
			n.again = map[string]bool{}
		}
		n.again[name] = true
		return false
	}
	if n.running == nil {
		n.running = map[string]bool{}
	}
	n.running[name] = true
	return true
}

// end reports whether another run was asked for meanwhile.
func (n *notifier) end(name string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.again[name] {
		n.again[name] = false
		return true
	}
	n.running[name] = false
	return false
}

// checkNewMail compares the account's Inbox with the mark of the last
// check and reports the unread messages that arrived since. It blocks on
// the store.
func (s *Session) checkNewMail(ctx context.Context, name string) error {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	folders, err := s.Store.Folders(ctx, name)
	if err != nil {
		return fmt.Errorf("session: new mail of %q: %w", name, err)
	}
	var inbox *store.Folder
	for i := range folders {
		if folders[i].Role == store.RoleInbox {
			inbox = &folders[i]
			break
		}
	}
	if inbox == nil || inbox.State.UIDNext == 0 {
		return nil // not synced yet
	}
	s.notify.mu.Lock()
	prev, known := s.notify.mark[name]
	if s.notify.mark == nil {
		s.notify.mark = map[string]store.FolderState{}
	}
	s.notify.mark[name] = inbox.State
	s.notify.mu.Unlock()
	// The first check only sets the mark; after a UIDVALIDITY change the
	// UIDs say nothing about what is new.
	if !known || prev.UIDValidity != inbox.State.UIDValidity || inbox.State.UIDNext <= prev.UIDNext {
		return nil
	}
	batch, err := s.arrivedSince(ctx, name, inbox.Name, prev.UIDNext)
	if err != nil || batch.Count == 0 {
		return err
	}
	s.notify.mu.Lock()
	f := s.notify.onNew
	s.notify.mu.Unlock()
	if f != nil {
		f(batch)
	}
	return nil
}

// arrivedSince counts the unread messages of folder whose UID is at least
// from; the list is newest first, so the first match is the newest.
func (s *Session) arrivedSince(ctx context.Context, name, folder string, from uint32) (NewMail, error) {
	nm := NewMail{Account: name}
	o := store.ListOptions{Filter: store.Filter{Unread: true}, Limit: newMailPage}
	for scanned := 0; scanned < newMailScan; {
		p, err := s.Store.List(ctx, name, folder, o)
		if err != nil {
			return NewMail{}, fmt.Errorf("session: new mail of %q: %w", name, err)
		}
		for _, m := range p.Messages {
			if m.UID >= from && !m.Flags.Seen {
				if nm.Count == 0 {
					nm.Newest = m
				}
				nm.Count++
			}
		}
		scanned += len(p.Messages)
		if p.Next == nil {
			break
		}
		o.After = p.Next
	}
	return nm, nil
}
