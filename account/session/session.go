// Package session is the running app's headless state: the accounts, the
// local store, and one sync runner per account with its status. The GUI
// shows it; it knows nothing of the GUI.
package session

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"

	"wren/account"
	"wren/account/actions"
	"wren/account/imapsync"
	"wren/account/login"
	"wren/account/oauth"
	"wren/account/pop3sync"
	"wren/account/setup"
	"wren/account/store"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
)

// Password returns a server's password (keyring, or the demo's memory).
type Password = login.Password

// Session holds what the window shows.
type Session struct {
	Store *store.Store
	// Demo is set for the built-in demo account.
	Demo bool

	logins  *login.Logins
	options func(a *account.Account, s account.Server) transport.Options
	log     *slog.Logger

	mu sync.Mutex
	// accounts is replaced, never changed in place: a pointer into it
	// stays valid for whoever holds it (accounts.go).
	accounts   []account.Account
	onStatus   func(name string, st imapsync.Status)
	onAccounts func([]account.Account)
	runners    map[string]runner
	stops      map[string]func() // stops an account's sync and waits
	ctx        context.Context   // Start's, for accounts added later
	closed     bool
	change     sync.Mutex // one add, update or remove at a time
	cancel     context.CancelFunc
	done       sync.WaitGroup
	closers    []func() error
	notify     notifier
	mail       *mailState // drafts, outbox, contacts (drafts.go, send.go)
}

// Config builds a session.
type Config struct {
	Accounts []account.Account
	// DataDir holds the store (mail.db).
	DataDir  string
	Password Password
	// Tokens is the keyring the browser sign-ins (OAuth2) are kept in;
	// nil when no account uses one (tests, the demo).
	Tokens oauth.Store
	// Base are the connection settings every server starts from (roots).
	Base   transport.Options
	Logger *slog.Logger
}

// Open opens the store and prepares one runner per IMAP account.
func Open(ctx context.Context, c Config) (*Session, error) {
	st, err := store.Open(ctx, filepath.Join(c.DataDir, "mail.db"))
	if err != nil {
		return nil, err
	}
	log := c.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Session{
		Store: st, accounts: slices.Clone(c.Accounts), log: log,
		logins:  &login.Logins{Password: c.Password, Tokens: c.Tokens},
		runners: map[string]runner{}, stops: map[string]func(){},
		options: func(a *account.Account, srv account.Server) transport.Options {
			o := setup.DialOptions(a, c.Base)
			o.Pin, o.Logger = srv.Pin, log
			return o
		},
	}
	s.closers = append(s.closers, st.Close)
	if s.mail, err = newMailState(c.DataDir, st); err != nil {
		st.Close()
		return nil, err
	}
	return s, nil
}

// OnStatus sets where status changes go (the GUI marshals them onto its
// goroutine). Set it before Start.
func (s *Session) OnStatus(f func(name string, st imapsync.Status)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onStatus = f
}

// Start begins syncing every account in the background until Close.
// Accounts added later start at once (AddAccount).
func (s *Session) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	s.cancel, s.ctx = cancel, ctx
	accts := s.accounts
	s.mu.Unlock()
	s.startOutbox(ctx)
	s.startDraftCopies(ctx, draftCopyEvery)
	for i := range accts {
		s.startAccount(ctx, &accts[i])
	}
}

// startAccount starts a's sync runner and its network watcher under a
// context of its own, so that the account alone can be stopped.
func (s *Session) startAccount(parent context.Context, a *account.Account) {
	ctx, cancel := context.WithCancel(parent)
	onStatus := func(st imapsync.Status) {
		s.mu.Lock()
		f := s.onStatus
		s.mu.Unlock()
		if f != nil {
			f(a.Name, st)
		}
		s.noteStatus(ctx, a.Name, st)
		if st.State == imapsync.StateOnline {
			s.CopyDraftsNow() // drafts changed while offline go now
		}
	}
	var r runner
	switch a.Incoming.Protocol {
	case account.IMAP:
		queue := &actions.Queue{Store: s.Store}
		r = &imapsync.Runner{
			Engine: &imapsync.Engine{Store: imapsync.OnStore(s.Store, a.Name), Texts: textsPerFolder, Logger: s.log,
				Exclusive: s.Store.SyncTurn(a.Name)},
			Dial: s.dialer(a),
			BeforeSync: func(ctx context.Context, conn imapsync.IdleConn) error {
				ac, ok := conn.(actions.Conn)
				if !ok {
					return nil
				}
				_, err := queue.Replay(ctx, a.Name, ac)
				return err
			},
			OnStatus: onStatus,
		}
	case account.POP3:
		r = &pop3sync.Runner{
			Engine: &pop3sync.Engine{Store: pop3sync.OnStore(s.Store, a.Name), Options: a.POP3, Logger: s.log,
				Exclusive: s.Store.SyncTurn(a.Name)},
			Dial:     s.pop3Dialer(a),
			OnStatus: onStatus,
		}
	default:
		cancel()
		return
	}
	var wg sync.WaitGroup
	s.mu.Lock()
	s.runners[a.Name] = r
	s.stops[a.Name] = func() { cancel(); wg.Wait() }
	s.mu.Unlock()
	wg.Add(2)
	s.done.Add(2)
	go func() {
		defer s.done.Done()
		defer wg.Done()
		if err := r.Run(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("sync stopped", "account", a.Name, "code", transport.CodeOf(err))
		}
	}()
	// After sleep or a network change the connection may be dead
	// without a word: reconnect at once instead of at the next check.
	go func() {
		defer s.done.Done()
		defer wg.Done()
		(&imapsync.Watcher{Target: r, Logger: s.log}).Run(ctx)
	}()
}

// runner keeps one account in sync (an imapsync or a pop3sync Runner).
type runner interface {
	Run(ctx context.Context) error
	Wake()
	Reconnect()
	Status() imapsync.Status
}

// dialer opens logged-in IMAP sessions for a.
func (s *Session) dialer(a *account.Account) func(ctx context.Context) (imapsync.IdleConn, error) {
	return func(ctx context.Context) (imapsync.IdleConn, error) {
		c, err := logIn(ctx, s, a, imap.Dial)
		if err != nil {
			return nil, err // not a typed nil in the interface
		}
		return c, nil
	}
}

// pop3Dialer opens logged-in POP3 sessions for a.
func (s *Session) pop3Dialer(a *account.Account) func(ctx context.Context) (pop3sync.SessionConn, error) {
	return func(ctx context.Context) (pop3sync.SessionConn, error) {
		c, err := logIn(ctx, s, a, pop3.Dial)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
}

// loginConn is a client of either incoming protocol.
type loginConn interface {
	Login(ctx context.Context, username, password string) error
	Close() error
}

// logIn dials a's incoming server and logs in with the account's method;
// a refused login closes the connection.
func logIn[C loginConn](ctx context.Context, s *Session, a *account.Account,
	dial func(context.Context, transport.Endpoint, transport.Options) (C, error)) (C, error) {
	var none C
	srv := a.Incoming
	c, err := dial(ctx, srv.Endpoint(), s.options(a, srv))
	if err != nil {
		return none, err
	}
	if err := s.logins.LogIn(ctx, a, srv, c); err != nil {
		c.Close()
		return none, err
	}
	return c, nil
}

// Act applies a user action: the store changes at once, and the account's
// runner is woken so that the server follows now when connected (at the
// next connection otherwise; see actions.Queue). A POP3 account's mail
// lives in the store only: the action changes it there (see
// actions.Queue.DoLocal).
func (s *Session) Act(ctx context.Context, acct, folder string, uids []uint32, k actions.Kind, arg string) error {
	q := &actions.Queue{Store: s.Store}
	if a := s.accountNamed(acct); a != nil && a.Incoming.Protocol == account.POP3 {
		return q.DoLocal(ctx, acct, folder, uids, k, arg)
	}
	if err := q.Do(ctx, acct, folder, uids, k, arg); err != nil {
		return err
	}
	// The source, and the destination of a move, are synced after the
	// replay: the moved message shows there with its new UID.
	folders := []string{folder}
	switch k {
	case actions.Move, actions.Junk, actions.NotJunk:
		folders = append(folders, arg)
	}
	s.syncFolders(acct, folders...)
	return nil
}

// syncFolders wakes an IMAP account's runner to sync these folders now
// (after replaying the queued actions); other accounts have none to sync.
func (s *Session) syncFolders(acct string, folders ...string) {
	s.mu.Lock()
	r := s.runners[acct]
	s.mu.Unlock()
	if ir, ok := r.(*imapsync.Runner); ok {
		ir.WakeFor(folders...)
	}
}

func (s *Session) accountNamed(name string) *account.Account {
	accts := s.accountList()
	for i := range accts {
		if accts[i].Name == name {
			return &accts[i]
		}
	}
	return nil
}

// Status returns an account's sync status.
func (s *Session) Status(name string) (imapsync.Status, error) {
	s.mu.Lock()
	r := s.runners[name]
	s.mu.Unlock()
	if r == nil {
		return imapsync.Status{}, fmt.Errorf("%w: %s", account.ErrNoAccount, name)
	}
	return r.Status(), nil
}

// Close stops the runners, waits for them, and closes the store (and the
// demo servers). A second Close does nothing.
func (s *Session) Close() error {
	s.change.Lock() // no account starts while the runners stop
	defer s.change.Unlock()
	s.mu.Lock()
	cancel, was := s.cancel, s.closed
	s.closed = true
	s.mu.Unlock()
	if was {
		return nil // closed already
	}
	if cancel != nil {
		cancel()
	}
	s.done.Wait()
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	return errors.Join(errs...)
}

// textsPerFolder is how many of each folder's newest new messages come
// with their text at once (readable and searchable offline); older ones
// are fetched when opened.
const textsPerFolder = 100
