package session

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"wren/account"
	"wren/account/actions"
	"wren/account/imapsync"
	"wren/account/outbox"
	"wren/account/store"
	"wren/transport/rfc822"
	"wren/transport/testserver"

	"go.uber.org/goleak"
)

// passwords is a keyring the test changes while the session runs.
type passwords struct {
	mu sync.Mutex
	m  map[string]string // address → password
}

func (p *passwords) set(addr, pw string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.m[addr] = pw
}

func (p *passwords) get(_ context.Context, a *account.Account, _ account.Server) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.m[a.Address], nil
}

// eventually polls ok until it holds or ctx ends.
func eventually(t *testing.T, ctx context.Context, what string, ok func() bool) {
	t.Helper()
	for !ok() {
		select {
		case <-ctx.Done():
			t.Fatalf("never happened: %s", what)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// inboxHas tells whether the store holds a message of that subject in
// the account's INBOX.
func inboxHas(ctx context.Context, s *Session, acct, subject string) (store.Message, bool) {
	p, err := s.Store.List(ctx, acct, "INBOX", store.ListOptions{Limit: 100})
	if err != nil {
		return store.Message{}, false
	}
	for _, m := range p.Messages {
		if m.Subject == subject {
			return m, true
		}
	}
	return store.Message{}, false
}

// An account added, changed and removed in the running session starts,
// restarts and stops its sync at once, the other account syncing on;
// its queued action and outbox message survive the removal and go when
// it comes back.
func TestLiveAccountsAddUpdateRemove(t *testing.T) {
	srv := testserver.Require(t)
	ctx := guard(t)
	u1, u2 := srv.NewUser(t), srv.NewUser(t)
	c1, c2 := srv.Client(t, ctx, u1), srv.Client(t, ctx, u2)
	testserver.Append(t, ctx, c2, u2.Address, "second hello")
	// Every runner stopped is gone: nothing of a removed or restarted
	// account keeps running after Close.
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())

	first := realAccount(srv, u1)
	first.Name = "First"
	second := realAccount(srv, u2)
	second.Name = "Second"
	pw := &passwords{m: map[string]string{u1.Address: u1.Password, u2.Address: "wrong"}}
	s, err := Open(t.Context(), Config{Accounts: []account.Account{first}, DataDir: t.TempDir(), Password: pw.get, Base: srv.Options()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close() // at the end below too; a second Close does nothing
	var mu sync.Mutex
	states := map[string]imapsync.State{}
	s.OnStatus(func(name string, st imapsync.Status) {
		mu.Lock()
		states[name] = st.State
		mu.Unlock()
	})
	stateOf := func(name string) imapsync.State {
		mu.Lock()
		defer mu.Unlock()
		return states[name]
	}
	lists := make(chan []string, 8)
	s.OnAccounts(func(accts []account.Account) {
		var names []string
		for _, a := range accts {
			names = append(names, a.Name)
		}
		lists <- names
	})
	s.Start(t.Context())
	eventually(t, ctx, "First online", func() bool { return stateOf("First") == imapsync.StateOnline })

	// Added with a password the server refuses: the refusal shows.
	if err := s.AddAccount(second); err != nil {
		t.Fatal(err)
	}
	if got := <-lists; !slices.Equal(got, []string{"First", "Second"}) {
		t.Fatalf("accounts told %v", got)
	}
	if err := s.AddAccount(second); !errors.Is(err, account.ErrAccountExists) {
		t.Errorf("adding it twice: %v", err)
	}
	eventually(t, ctx, "Second refused", func() bool { return stateOf("Second") == imapsync.StateError })

	// A flag set while it cannot connect waits in the queue; a message
	// sent meanwhile waits in the outbox.
	if err := s.Store.UpsertFolder(ctx, "Second", "INBOX", store.RoleInbox); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Store.AddAction(ctx, store.Action{Account: "Second", Folder: "INBOX", UIDs: []uint32{1}, Kind: string(actions.Flag)}); err != nil {
		t.Fatal(err)
	}
	sent := outboxEvents(s)
	id, err := s.Send(ctx, "Second", rfc822.Draft{To: []rfc822.Address{{Address: u1.Address}}, Subject: "held", Text: "held\n"}, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.PendingOf(ctx, "Second")
	if err != nil || p.Outbox != 1 || p.Actions != 1 {
		t.Fatalf("pending before removal: %+v, %v", p, err)
	}

	// Removed: its sync stops, nothing of it is dropped.
	if err := s.RemoveAccount("Second"); err != nil {
		t.Fatal(err)
	}
	if got := <-lists; !slices.Equal(got, []string{"First"}) {
		t.Fatalf("accounts told %v", got)
	}
	if _, err := s.Status("Second"); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("status of a removed account: %v", err)
	}
	time.Sleep(2 * time.Second) // past the send's undo delay: it is due but held
	if p, err := s.PendingOf(ctx, "Second"); err != nil || p.Outbox != 1 || p.Actions != 1 {
		t.Fatalf("pending after removal: %+v, %v", p, err)
	}
	// The first account syncs on.
	testserver.Append(t, ctx, c1, u1.Address, "first after")
	if err := s.SyncNow("First"); err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, "First's new message", func() bool { _, ok := inboxHas(ctx, s, "First", "first after"); return ok })

	// Back with the right password (an edit): it syncs, the flag reaches
	// the server, the held message is sent.
	pw.set(u2.Address, u2.Password)
	if err := s.AddAccount(second); err != nil {
		t.Fatal(err)
	}
	<-lists
	eventually(t, ctx, "Second's mail", func() bool {
		m, ok := inboxHas(ctx, s, "Second", "second hello")
		return ok && m.Flags.Flagged
	})
	waitSent(t, ctx, sent, id)

	// An edit restarts it: with a wrong password it is refused again,
	// with the right one and a new name on its identity it comes back.
	pw.set(u2.Address, "wrong again")
	if err := s.UpdateAccount(second); err != nil {
		t.Fatal(err)
	}
	<-lists
	eventually(t, ctx, "Second refused after the edit", func() bool { return stateOf("Second") == imapsync.StateError })
	pw.set(u2.Address, u2.Password)
	second.Identities[0].Name = "Renamed"
	if err := s.UpdateAccount(second); err != nil {
		t.Fatal(err)
	}
	<-lists
	eventually(t, ctx, "Second online after the edit", func() bool { return stateOf("Second") == imapsync.StateOnline })
	if got := s.Accounts()[1].Identities[0].Name; got != "Renamed" {
		t.Errorf("identity after the edit: %q", got)
	}

	// Removed again: a message arriving now is not fetched (while it ran,
	// IDLE brought new mail within moments).
	if err := s.RemoveAccount("Second"); err != nil {
		t.Fatal(err)
	}
	<-lists
	testserver.Append(t, ctx, c2, u2.Address, "after removal")
	testserver.Append(t, ctx, c1, u1.Address, "first later")
	if err := s.SyncNow("First"); err != nil {
		t.Fatal(err)
	}
	eventually(t, ctx, "First's later message", func() bool { _, ok := inboxHas(ctx, s, "First", "first later"); return ok })
	time.Sleep(2 * time.Second)
	if _, ok := inboxHas(ctx, s, "Second", "after removal"); ok {
		t.Error("a removed account still syncs")
	}
	if err := s.UpdateAccount(second); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("updating a removed account: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.AddAccount(second); !errors.Is(err, ErrClosed) {
		t.Errorf("adding after Close: %v", err)
	}
	if err := s.RemoveAccount("First"); !errors.Is(err, ErrClosed) {
		t.Errorf("removing after Close: %v", err)
	}
}

// waitSent waits for the outbox to report item id sent.
func waitSent(t *testing.T, ctx context.Context, ch <-chan outbox.Item, id int64) {
	t.Helper()
	for {
		select {
		case it := <-ch:
			if it.ID == id && it.State == outbox.Sent {
				return
			}
		case <-ctx.Done():
			t.Fatal("the held message was never sent")
		}
	}
}

// Follow turns the session's accounts into the profile's: gone ones are
// removed, changed ones restart, new ones are added, and nothing happens
// for an account that did not change unless it is named.
func TestFollowProfile(t *testing.T) {
	a, b, c := account.Account{Name: "A"}, account.Account{Name: "B"}, account.Account{Name: "C"}
	s, err := Open(t.Context(), Config{Accounts: []account.Account{a, b}, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	changes := 0
	s.OnAccounts(func([]account.Account) { changes++ })
	b2 := b
	b2.Address = "b@wren.test"
	if err := s.Follow([]account.Account{b2, c}); err != nil {
		t.Fatal(err)
	}
	got := s.Accounts()
	if len(got) != 2 || got[0].Name != "B" || got[0].Address != "b@wren.test" || got[1].Name != "C" || changes != 3 {
		t.Fatalf("after Follow: %+v, %d changes", got, changes)
	}
	if err := s.Follow([]account.Account{b2, c}); err != nil || changes != 3 {
		t.Errorf("the same list again: %d changes, %v", changes, err)
	}
	if err := s.Follow([]account.Account{b2, c}, "C"); err != nil || changes != 4 {
		t.Errorf("a named restart: %d changes, %v", changes, err)
	}
}
