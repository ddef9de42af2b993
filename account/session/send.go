package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"wren/account"
	"wren/account/compose"
	"wren/account/login"
	"wren/account/outbox"
	"wren/account/pop3sync"
	"wren/account/store"
	"wren/transport"
	"wren/transport/rfc822"
	"wren/transport/smtp"
)

// ErrNoRecipients: a message to send has no To, Cc or Bcc.
var ErrNoRecipients = errors.New("the message has no recipients")

// maxAttachments bounds what Send reads from attachment readers;
// maxMessage what is read back of a built message (attachments grow by a
// third in base64).
const (
	maxAttachments = 64 << 20
	maxMessage     = maxAttachments*4/3 + 1<<20
)

// Idle waits of the outbox runner: when nothing is queued it wakes only
// on Send or Retry; a missing Sent copy is tried again after copyRetry;
// after a store failure it waits failPause rather than spin.
const (
	idleWait  = time.Hour
	copyRetry = 5 * time.Minute
	failPause = 30 * time.Second
	// keepSent is how long a sent message stays in the outbox (and its
	// window) once its Sent copy is filed.
	keepSent = 30 * 24 * time.Hour
	// orphanGrace is how old a message file no outbox item names must be
	// before it is removed (a crash came between writing and queueing).
	orphanGrace = time.Hour
)

// OutboxFor wires the outbox of account a over st: its outgoing server
// submits, and a copy goes to its IMAP Sent folder unless the provider
// files sent mail itself; a POP3 account's copy goes to its local Sent
// folder in local. The command line and the session share it.
func OutboxFor(st outbox.Store, local *store.Store, a *account.Account, logIn outbox.LogIn, opts func(account.Server) transport.Options, log *slog.Logger) *outbox.Outbox {
	ob := &outbox.Outbox{
		Account: a.Name,
		Store:   st,
		Submit:  outbox.SMTP{Server: a.Outgoing, LogIn: logIn, Options: opts(a.Outgoing)},
		Logger:  log,
	}
	sent := outbox.IMAPSent{Server: a.Incoming, LogIn: logIn, Options: opts(a.Incoming)}
	switch {
	case a.Incoming.Protocol == account.POP3:
		ob.File = localSent{st: local, account: a.Name}
	case !FilesSentItself(a.Outgoing.Host):
		ob.File, ob.Check = sent, sent
	default:
		ob.Check = sent // the provider's own copy tells that it went out
	}
	return ob
}

// localSent files a POP3 account's sent mail in the store.
type localSent struct {
	st      *store.Store
	account string
}

func (l localSent) FileSent(ctx context.Context, it outbox.Item) error {
	raw, err := it.ReadAll(maxMessage)
	if err != nil {
		return err
	}
	return pop3sync.FileSent(ctx, l.st, l.account, raw)
}

// FilesSentItself: providers that put submitted mail in Sent on their
// own (a second copy would be a duplicate).
func FilesSentItself(host string) bool {
	h := strings.ToLower(host)
	return strings.HasSuffix(h, ".gmail.com") || strings.HasSuffix(h, ".googlemail.com")
}

// LogInFor is l's login bound to account a, as the outbox takes it.
func LogInFor(l *login.Logins, a *account.Account) outbox.LogIn {
	return func(ctx context.Context, srv account.Server, c login.Conn) error { return l.LogIn(ctx, a, srv, c) }
}

// outboxOf is the outbox of account a, made on first use.
func (s *Session) outboxOf(a *account.Account) *outbox.Outbox {
	m := s.mail
	m.mu.Lock()
	defer m.mu.Unlock()
	if ob := m.outboxes[a.Name]; ob != nil {
		return ob
	}
	ob := OutboxFor(outbox.OnStore(s.Store), s.Store, a, LogInFor(s.logins, a), func(srv account.Server) transport.Options { return s.options(a, srv) }, s.log)
	m.outboxes[a.Name] = ob
	return ob
}

// Send builds d and queues it in the outbox of the account, to go out
// after undo (the time the user has to take it back with Undo). It
// returns at once with the outbox ID; OnOutbox tells how it ends. Bcc
// recipients get it without appearing in the header. A draft without
// From is sent as the account's first identity.
func (s *Session) Send(ctx context.Context, accountName string, d rfc822.Draft, undo time.Duration) (int64, error) {
	a := s.account(accountName)
	if a == nil {
		return 0, fmt.Errorf("%w: %s", account.ErrNoAccount, accountName)
	}
	if strings.TrimSpace(d.From.Address) == "" {
		_, id := compose.PickIdentity([]account.Account{*a}, nil)
		d.From = rfc822.Address{Name: id.Name, Address: id.Address}
	}
	// Refused before anything is queued: a From the account does not own,
	// a recipient that is not an address (issue #17).
	if !compose.SendsAs(*a, d.From.Address) {
		return 0, compose.NotIdentity(d.From.Address, a.Name)
	}
	if _, err := compose.CheckRecipients(d.To, d.Cc, d.Bcc); err != nil {
		return 0, err
	}
	if d.MessageID == "" {
		d.MessageID = rfc822.NewMessageID(d.From.Address)
	}
	if d.Date.IsZero() {
		d.Date = time.Now()
	}
	if err := readAttachments(&d); err != nil {
		return 0, err
	}
	from, rcpts := rfc822.Envelope(d)
	if len(rcpts) == 0 {
		return 0, ErrNoRecipients
	}
	// Built straight into its file: the attachments are in memory once.
	file, _, err := outbox.WriteMessage(s.Store, func(w io.Writer) error { return rfc822.Build(w, d) })
	if err != nil {
		return 0, fmt.Errorf("building the message: %w", err)
	}
	it := outbox.Item{Account: a.Name, From: from, To: rcpts, File: file, MessageID: d.MessageID}
	id, err := s.outboxOf(a).Queue(ctx, it, undo)
	if err != nil {
		os.Remove(file)
		return 0, err
	}
	s.mail.mu.Lock()
	s.mail.queued[id] = d
	s.mail.mu.Unlock()
	if it, err := outbox.OnStore(s.Store).Get(ctx, id); err == nil {
		s.notifyOutbox(it)
	}
	s.wakeOutbox()
	return id, nil
}

// readAttachments turns attachment readers into data, so that the
// message can be built and still be given back by Undo.
func readAttachments(d *rfc822.Draft) error {
	total := int64(0)
	atts := slices.Clone(d.Attachments)
	for i, at := range atts {
		if at.Data == nil && at.Reader != nil {
			b, err := io.ReadAll(io.LimitReader(at.Reader, maxAttachments-total+1))
			if err != nil {
				return fmt.Errorf("reading attachment %q: %w", at.Filename, err)
			}
			atts[i].Data, atts[i].Reader = b, nil
		}
		total += int64(len(atts[i].Data))
		if total > maxAttachments {
			return &compose.TooLargeError{Size: total, Limit: maxAttachments}
		}
	}
	d.Attachments = atts
	return nil
}

// Undo takes a queued message back before it is sent and returns it for
// the composer. A message already on its way fails with
// outbox.ErrNotUndoable.
func (s *Session) Undo(ctx context.Context, id int64) (rfc822.Draft, error) {
	m := s.mail
	// The runner holds runMu while sending: a message is either taken
	// back here or sent there, never both.
	m.runMu.Lock()
	defer m.runMu.Unlock()
	m.mu.Lock()
	d, ok := m.queued[id]
	m.mu.Unlock()
	if !ok {
		// Queued by an earlier run: the draft is rebuilt from the
		// message, read before Undo removes its file.
		it, err := outbox.OnStore(s.Store).Get(ctx, id)
		if err != nil {
			return rfc822.Draft{}, err
		}
		if it.State != outbox.Queued || it.Attempts > 0 {
			return rfc822.Draft{}, outbox.ErrNotUndoable
		}
		msg, err := it.Message()
		if err != nil {
			return rfc822.Draft{}, err
		}
		d = compose.Reopen(msg, it.To)
	}
	if _, err := (&outbox.Outbox{Store: outbox.OnStore(s.Store)}).Undo(ctx, id); err != nil {
		return rfc822.Draft{}, err
	}
	m.mu.Lock()
	delete(m.queued, id)
	m.mu.Unlock()
	return d, nil
}

// Retry queues a failed message (or one that may not have been sent) for
// sending now: the user's decision after reading the explanation.
func (s *Session) Retry(ctx context.Context, id int64) error {
	it, err := outbox.OnStore(s.Store).Get(ctx, id)
	if err != nil {
		return err
	}
	a := s.account(it.Account)
	if a == nil {
		return fmt.Errorf("%w: %s", account.ErrNoAccount, it.Account)
	}
	if err := s.outboxOf(a).Retry(ctx, id); err != nil && !errors.Is(err, outbox.ErrFoundInSent) {
		return err
	}
	if it, err := outbox.OnStore(s.Store).Get(ctx, id); err == nil {
		s.notifyOutbox(it)
	}
	s.wakeOutbox()
	return nil
}

// SendToAccepted sends a message refused for some of its recipients to
// the ones the server accepts: the user's choice after reading which were
// refused and why (issue #12).
func (s *Session) SendToAccepted(ctx context.Context, id int64) error {
	it, err := outbox.OnStore(s.Store).Get(ctx, id)
	if err != nil {
		return err
	}
	a := s.account(it.Account)
	if a == nil {
		return fmt.Errorf("%w: %s", account.ErrNoAccount, it.Account)
	}
	if err := s.outboxOf(a).SendToAccepted(ctx, id); err != nil {
		return err
	}
	if it, err := outbox.OnStore(s.Store).Get(ctx, id); err == nil {
		s.notifyOutbox(it)
	}
	s.wakeOutbox()
	return nil
}

// Outbox lists every message of the outbox (sent ones included), newest
// first.
func (s *Session) Outbox(ctx context.Context) ([]outbox.Item, error) {
	st := outbox.OnStore(s.Store)
	var out []outbox.Item
	for _, state := range []outbox.State{outbox.Queued, outbox.Sending, outbox.Failed, outbox.Unknown, outbox.Sent} {
		items, err := st.InState(ctx, state)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	slices.SortFunc(out, func(a, b outbox.Item) int { return cmp.Or(b.Created.Compare(a.Created), cmp.Compare(b.ID, a.ID)) })
	return out, nil
}

// OnOutbox adds a listener for outbox changes: queued, sent (with
// SentCopy once filed), failed or unknown with Err for the explanation.
// Listeners are called in turn from the outbox goroutine; the GUI
// marshals them onto its own.
func (s *Session) OnOutbox(f func(outbox.Item)) {
	s.mail.mu.Lock()
	defer s.mail.mu.Unlock()
	s.mail.onOutbox = append(s.mail.onOutbox, f)
}

func (s *Session) notifyOutbox(it outbox.Item) {
	s.mail.mu.Lock()
	fs := s.mail.onOutbox
	s.mail.mu.Unlock()
	for _, f := range fs {
		f(it)
	}
}

// showSentCopy makes a message's Sent copy show at once: an IMAP
// account's Sent folder is synced now instead of at the next full sync
// (a POP3 account's copy is in the store already).
func (s *Session) showSentCopy(ctx context.Context, a *account.Account) {
	if a.Incoming.Protocol != account.IMAP {
		return
	}
	folders, err := s.Store.Folders(ctx, a.Name)
	if err != nil {
		return
	}
	for _, f := range folders {
		if f.Role == store.RoleSent {
			s.syncFolders(a.Name, f.Name)
			return
		}
	}
}

func (s *Session) wakeOutbox() {
	select {
	case s.mail.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// startOutbox recovers messages interrupted by a crash, then runs the
// outbox until ctx ends: at each due time, and at once on Send and Retry.
func (s *Session) startOutbox(ctx context.Context) {
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		if err := (&outbox.Outbox{Store: outbox.OnStore(s.Store)}).Recover(ctx); err != nil {
			s.log.Warn("outbox recovery failed", "err", err)
		}
		if _, err := s.Store.SweepOutboxFiles(ctx, orphanGrace); err != nil {
			s.log.Warn("outbox files not swept", "err", err)
		}
		timer := time.NewTimer(0)
		defer timer.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-s.mail.wake:
			case <-timer.C:
			}
			timer.Reset(time.Until(s.runOutbox(ctx)))
		}
	}()
}

// runOutbox sends what is due for every account and returns when the
// next run is needed.
func (s *Session) runOutbox(ctx context.Context) time.Time {
	failed := false
	accts := s.accountList()
	for i := range accts {
		a := &accts[i]
		if a.Outgoing.Host == "" {
			continue
		}
		ob := s.outboxOf(a)
		s.mail.runMu.Lock()
		items, err := ob.RunOnce(ctx)
		s.mail.runMu.Unlock()
		copied := false
		for _, it := range items {
			if it.State != outbox.Queued {
				s.mail.mu.Lock()
				delete(s.mail.queued, it.ID)
				s.mail.mu.Unlock()
			}
			copied = copied || (it.State == outbox.Sent && it.SentCopy)
			s.notifyOutbox(it)
		}
		if copied {
			s.showSentCopy(ctx, a)
		}
		if err != nil && ctx.Err() == nil {
			failed = true
			s.log.Warn("outbox run failed", "account", a.Name, "err", err)
		}
	}
	now := time.Now()
	if n, err := s.Store.PruneOutbox(ctx, now.Add(-keepSent)); err != nil && ctx.Err() == nil {
		s.log.Warn("outbox: pruning sent messages failed", "err", err)
	} else if n > 0 {
		s.log.Info("outbox: sent messages pruned", "count", n)
	}
	next, err := s.nextOutboxRun(ctx, now)
	if err != nil || failed {
		if err != nil && ctx.Err() == nil {
			s.log.Warn("outbox: reading the queue failed", "err", err)
		}
		return later(next, now.Add(failPause))
	}
	return next
}

// nextOutboxRun is the earliest due time of a queued message, or the
// retry of a missing Sent copy.
func (s *Session) nextOutboxRun(ctx context.Context, now time.Time) (time.Time, error) {
	st := outbox.OnStore(s.Store)
	next := now.Add(idleWait)
	queued, err := st.InState(ctx, outbox.Queued)
	if err != nil {
		return next, err
	}
	for _, it := range queued {
		if it.Due.Before(next) {
			next = it.Due
		}
	}
	sent, err := st.InState(ctx, outbox.Sent)
	if err != nil {
		return next, err
	}
	for _, it := range sent {
		if retry := now.Add(copyRetry); !it.SentCopy && retry.Before(next) {
			next = retry
			break
		}
	}
	return next, nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// SizeLimit is the largest message the account's outgoing server accepts
// (its SMTP SIZE; 0 when it announces none), for compose.CheckSize before
// sending. It asks the server once per session.
func (s *Session) SizeLimit(ctx context.Context, accountName string) (int64, error) {
	a := s.account(accountName)
	if a == nil {
		return 0, fmt.Errorf("%w: %s", account.ErrNoAccount, accountName)
	}
	s.mail.mu.Lock()
	n, ok := s.mail.sizeLimits[a.Name]
	s.mail.mu.Unlock()
	if ok {
		return n, nil
	}
	c, err := smtp.Dial(ctx, a.Outgoing.Endpoint(), s.options(a, a.Outgoing))
	if err != nil {
		return 0, err
	}
	n = c.MaxSize()
	_ = c.Quit(ctx)
	c.Close()
	s.mail.mu.Lock()
	s.mail.sizeLimits[a.Name] = n
	s.mail.mu.Unlock()
	return n, nil
}
