package session

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"

	"wren/account"
	"wren/account/store"
)

// ErrClosed: the session has been closed.
var ErrClosed = errors.New("session closed")

// Accounts returns the session's accounts now (a copy).
func (s *Session) Accounts() []account.Account {
	return slices.Clone(s.accountList())
}

// accountList is the current list; it is never changed in place, so the
// caller may keep pointers into it.
func (s *Session) accountList() []account.Account {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accounts
}

// OnAccounts sets what is told the new list after an account is added,
// changed or removed. f runs on the caller's goroutine of that change
// (the GUI marshals it onto its own).
func (s *Session) OnAccounts(f func([]account.Account)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onAccounts = f
}

// AddAccount adds a to the running session: its sync starts at once (at
// Start when the session has not started yet). The caller saves it in
// the profile; the session only runs it.
func (s *Session) AddAccount(a account.Account) error {
	s.change.Lock()
	defer s.change.Unlock()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return fmt.Errorf("session: adding %s: %w", a.Name, ErrClosed)
	}
	if find(s.accounts, a.Name) >= 0 {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s", account.ErrAccountExists, a.Name)
	}
	s.accounts = append(slices.Clip(s.accounts), a)
	ctx := s.ctx
	mine := &s.accounts[len(s.accounts)-1]
	s.mu.Unlock()
	if ctx != nil {
		s.startAccount(ctx, mine)
	}
	s.wakeOutbox() // mail queued for this account before (see RemoveAccount) goes now
	s.accountsChanged()
	return nil
}

// UpdateAccount replaces the account of a's name and restarts its sync,
// so new servers, user names or a new password in the keyring apply now.
// Its queued actions and outbox stay in the store and go with the new
// settings.
func (s *Session) UpdateAccount(a account.Account) error {
	s.change.Lock()
	defer s.change.Unlock()
	s.mu.Lock()
	i := find(s.accounts, a.Name)
	if s.closed {
		s.mu.Unlock()
		return fmt.Errorf("session: updating %s: %w", a.Name, ErrClosed)
	}
	if i < 0 {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s", account.ErrNoAccount, a.Name)
	}
	next := slices.Clone(s.accounts)
	old := next[i]
	next[i] = a
	s.accounts = next
	ctx := s.ctx
	s.mu.Unlock()
	s.stopAccount(a.Name)
	// A new sign-in in the keyring (Sign in again) is read afresh.
	s.logins.Forget(&old)
	s.logins.Forget(&a)
	if ctx != nil {
		s.startAccount(ctx, &next[i])
	}
	s.wakeOutbox()
	s.accountsChanged()
	return nil
}

// RemoveAccount stops the account's sync and takes it out of the
// session. Nothing of it is dropped: its queued actions and outbox
// messages stay in the store, held (nothing sends them), and go when an
// account of the same name is added again; its local mail stays too (a
// POP3 account's mail may exist nowhere else).
func (s *Session) RemoveAccount(name string) error {
	s.change.Lock()
	defer s.change.Unlock()
	s.mu.Lock()
	i := find(s.accounts, name)
	if s.closed {
		s.mu.Unlock()
		return fmt.Errorf("session: removing %s: %w", name, ErrClosed)
	}
	if i < 0 {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s", account.ErrNoAccount, name)
	}
	gone := s.accounts[i]
	s.accounts = slices.Delete(slices.Clone(s.accounts), i, i+1)
	s.mu.Unlock()
	s.stopAccount(name)
	s.logins.Forget(&gone)
	s.accountsChanged()
	return nil
}

// Pending is what an account has waiting: messages in the outbox not yet
// sent, and changes made offline not yet on the server.
type Pending struct {
	Outbox  int
	Actions int
}

// PendingOf counts what name has waiting (for the question before a
// removal).
func (s *Session) PendingOf(ctx context.Context, name string) (Pending, error) {
	var p Pending
	acts, err := s.Store.Actions(ctx, name)
	if err != nil {
		return p, fmt.Errorf("session: queued actions of %s: %w", name, err)
	}
	p.Actions = len(acts)
	for _, st := range []store.OutboxState{store.OutboxQueued, store.OutboxSending, store.OutboxFailed, store.OutboxUnknown} {
		items, err := s.Store.OutboxInState(ctx, st)
		if err != nil {
			return p, fmt.Errorf("session: outbox of %s: %w", name, err)
		}
		for _, it := range items {
			if it.Account == name {
				p.Outbox++
			}
		}
	}
	return p, nil
}

// stopAccount stops an account's runner and waits until it has stopped.
func (s *Session) stopAccount(name string) {
	s.mu.Lock()
	stop := s.stops[name]
	delete(s.stops, name)
	delete(s.runners, name)
	s.mu.Unlock()
	if stop != nil {
		stop()
		s.log.Info("account sync stopped", "account", name)
	}
}

func (s *Session) accountsChanged() {
	s.mu.Lock()
	f, accts := s.onAccounts, s.accounts
	s.mu.Unlock()
	if f != nil {
		f(slices.Clone(accts))
	}
}

func find(accts []account.Account, name string) int {
	return slices.IndexFunc(accts, func(a account.Account) bool { return a.Name == name })
}

// Follow makes the session's accounts these, in this order of changes:
// accounts gone are removed, changed ones restart, new ones are added
// (the profile after an edit in Settings). Accounts named in restart
// restart even when unchanged (a new password in the keyring).
func (s *Session) Follow(accts []account.Account, restart ...string) error {
	var errs []error
	for _, a := range s.accountList() {
		if find(accts, a.Name) < 0 {
			errs = append(errs, s.RemoveAccount(a.Name))
		}
	}
	for _, a := range accts {
		cur := s.accountNamed(a.Name)
		switch {
		case cur == nil:
			errs = append(errs, s.AddAccount(a))
		case !reflect.DeepEqual(*cur, a) || slices.Contains(restart, a.Name):
			errs = append(errs, s.UpdateAccount(a))
		}
	}
	return errors.Join(errs...)
}
