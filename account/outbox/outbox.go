// Package outbox sends mail so that no message is lost and none is sent
// twice: a message is written to the store before anything else, submitted
// when due (after the undo delay), retried with backoff on transient
// failures, kept with its error on permanent ones, and set aside for the
// user when the server may have accepted it without saying so.
package outbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"wren/transport"
)

// Store keeps the outbox durably (account/store implements it).
type Store interface {
	Add(ctx context.Context, it Item) (int64, error)
	Get(ctx context.Context, id int64) (Item, error)
	// Due lists Queued items whose Due time has come, oldest first.
	Due(ctx context.Context, now time.Time) ([]Item, error)
	// InState lists the items in a state.
	InState(ctx context.Context, s State) ([]Item, error)
	// Update saves it (by ID) as given.
	Update(ctx context.Context, it Item) error
	// Swap saves it only while the stored item still has old's State,
	// Attempts and Owner, and reports whether it did: the claim that keeps
	// two processes sharing the store from sending one message.
	Swap(ctx context.Context, old, it Item) (bool, error)
	// RemoveIf removes the item on the same condition.
	RemoveIf(ctx context.Context, old Item) (bool, error)
	// Owner names this process among those sharing the store; Alive tells
	// whether the process an owner names still runs.
	Owner() (string, error)
	Alive(owner string) bool
}

// Submitter hands a message to the outgoing server (SMTP).
type Submitter interface {
	Submit(ctx context.Context, it Item) error
}

// Filer puts a copy of a sent message in the Sent folder.
type Filer interface {
	FileSent(ctx context.Context, it Item) error
}

// SentChecker looks for a message in the account's Sent folder (by its
// Message-ID), where a copy shows that a send whose outcome was unknown
// did go out.
type SentChecker interface {
	InSent(ctx context.Context, it Item) (bool, error)
}

// ErrFoundInSent: a retried message that may have been sent was found in
// the Sent folder; it is marked sent and not sent again.
var ErrFoundInSent = errors.New("the message is already in the Sent folder; it was sent and is not sent again")

// ErrNotUndoable: the message is already on its way (or gone).
var ErrNotUndoable = errors.New("the message can no longer be unsent")

// Outbox runs the queue of one account: the store may hold every
// account's messages, but only Account's go through Submit and File.
type Outbox struct {
	// Account is the account whose messages this outbox sends; the
	// others are never touched (they leave through their own account).
	Account string
	Store   Store
	Submit  Submitter
	// File is nil when the provider files sent mail itself (Gmail).
	File Filer
	// Check, when set, is asked before a message that may have been sent
	// is sent again.
	Check SentChecker
	// Backoff is the wait before each retry of a transient failure; after
	// the last one the message fails and waits for the user.
	Backoff []time.Duration
	Now     func() time.Time
	Logger  *slog.Logger
}

// DefaultBackoff follows errors.md: 1, 5, 15 minutes, then ask.
var DefaultBackoff = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute}

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// mine keeps the items of o's account.
func (o *Outbox) mine(items []Item, err error) ([]Item, error) {
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(items, func(it Item) bool { return it.Account != o.Account }), nil
}

func (o *Outbox) log() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Queue stores a message to send after delay (the undo window). Once it
// returns, the message survives a crash.
func (o *Outbox) Queue(ctx context.Context, it Item, delay time.Duration) (int64, error) {
	if it.Account == "" {
		it.Account = o.Account
	}
	if it.Account != o.Account {
		return 0, fmt.Errorf("outbox of %q asked to queue a message of %q", o.Account, it.Account)
	}
	now := o.now()
	it.ID, it.State, it.Attempts, it.Err, it.SentCopy = 0, Queued, 0, nil, false
	it.Created, it.Due = now, now.Add(delay)
	id, err := o.Store.Add(ctx, it)
	if err != nil {
		return 0, fmt.Errorf("saving to the outbox: %w", err)
	}
	return id, nil
}

// Undo takes a queued message back before its first attempt; the caller
// reopens it in the composer.
func (o *Outbox) Undo(ctx context.Context, id int64) (Item, error) {
	it, err := o.Store.Get(ctx, id)
	if err != nil {
		return Item{}, err
	}
	if it.State != Queued || it.Attempts > 0 {
		return it, ErrNotUndoable
	}
	// Only as it was read: another process may have claimed it since.
	if ok, err := o.Store.RemoveIf(ctx, it); err != nil {
		return it, err
	} else if !ok {
		return it, ErrNotUndoable
	}
	return it, nil
}

// Recover runs at start-up: a message left Sending by a process that has
// ended was interrupted mid-send and may have gone out, so the user
// decides (never resent blindly). One another running process is sending
// is left to it.
func (o *Outbox) Recover(ctx context.Context) error {
	items, err := o.mine(o.Store.InState(ctx, Sending))
	if err != nil {
		return err
	}
	_, err = markInterrupted(ctx, o.Store, items)
	return err
}

// RecoverInterrupted is Recover for every account of st, for a program
// that starts and finds messages an ended run left Sending (the command
// line runs it on each start). It returns how many it marked.
func RecoverInterrupted(ctx context.Context, st Store) (int, error) {
	items, err := st.InState(ctx, Sending)
	if err != nil {
		return 0, err
	}
	return markInterrupted(ctx, st, items)
}

// markInterrupted makes the sends of ended processes "may have been sent"
// (SEND-18) and returns how many it marked.
func markInterrupted(ctx context.Context, st Store, items []Item) (int, error) {
	n := 0
	for _, it := range items {
		if st.Alive(it.Owner) {
			continue
		}
		old := it
		it.State = Unknown
		it.Err = &transport.Error{Code: transport.CodeMaybeSent, Protocol: transport.ProtoSMTP, MaybeSent: true,
			Err: errors.New("interrupted while the message was being sent")}
		ok, err := st.Swap(ctx, old, it)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// ErrBeingSent: another running Wren process is sending the message.
var ErrBeingSent = errors.New("another Wren process is sending this message right now")

// Discard removes a message from the outbox at the user's word, unless a
// running process is sending it (it may be on the server already).
func Discard(ctx context.Context, st Store, id int64) error {
	it, err := st.Get(ctx, id)
	if err != nil {
		return err
	}
	if it.State == Sending && st.Alive(it.Owner) {
		return fmt.Errorf("message %d: %w", id, ErrBeingSent)
	}
	ok, err := st.RemoveIf(ctx, it)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("message %d: %w", id, errChanged)
	}
	return nil
}

// ErrNotRefused: only a message refused for some of its recipients can be
// sent to the others.
var ErrNotRefused = errors.New("the message was not refused for some of its recipients")

// SendToAccepted is the user's choice for a message refused for some of
// its recipients (issue #12): send it now to the ones the server accepts.
func (o *Outbox) SendToAccepted(ctx context.Context, id int64) error {
	it, err := o.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	if it.State != Failed || !RefusedRecipients(it.Err) {
		return fmt.Errorf("message %d: %w", id, ErrNotRefused)
	}
	old := it
	it.State, it.Due, it.Attempts, it.AllowPartial = Queued, o.now(), 0, true
	return o.swap(ctx, old, it)
}

// errChanged: another process changed the item between its reading and
// its saving (it sent or retried it first).
var errChanged = errors.New("the message was changed by another Wren process meanwhile")

// swap saves it if no other process changed it since old was read.
func (o *Outbox) swap(ctx context.Context, old, it Item) error {
	ok, err := o.Store.Swap(ctx, old, it)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("message %d: %w", it.ID, errChanged)
	}
	return nil
}

// RefusedRecipients reports whether err is a refusal of some recipients
// (at RCPT TO), the case where sending to the others can be offered.
func RefusedRecipients(err error) bool {
	te, ok := transport.As(err)
	return ok && te.Step == transport.StepRcpt && te.Recipient != ""
}

// Retry puts a failed or unknown message back in the queue at once: the
// user's decision, after reading the explanation.
func (o *Outbox) Retry(ctx context.Context, id int64) error {
	it, err := o.Store.Get(ctx, id)
	if err != nil {
		return err
	}
	if it.State != Failed && it.State != Unknown {
		return fmt.Errorf("message %d is %s, not failed", id, it.State)
	}
	if it.State == Unknown && o.Check != nil {
		// Look before sending again: a copy in Sent means it went out.
		found, err := o.Check.InSent(ctx, it)
		if err != nil {
			return fmt.Errorf("looking for message %d in the Sent folder: %w", id, err)
		}
		if found {
			old := it
			it.State, it.SentCopy, it.Err = Sent, true, nil
			o.log().Info("a message that may have been sent is in the Sent folder; not sent again", "id", id)
			if err := o.swap(ctx, old, it); err != nil {
				return err
			}
			return ErrFoundInSent
		}
	}
	old := it
	it.State, it.Due, it.Attempts = Queued, o.now(), 0
	return o.swap(ctx, old, it)
}

// RunOnce sends every due message once and files sent copies that are
// still missing. It returns the items it touched, as they ended.
func (o *Outbox) RunOnce(ctx context.Context) ([]Item, error) {
	due, err := o.mine(o.Store.Due(ctx, o.now()))
	if err != nil {
		return nil, err
	}
	me, err := o.Store.Owner()
	if err != nil {
		return nil, err
	}
	var out []Item
	tried := map[int64]bool{}
	for _, it := range due {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		it, claimed, err := o.send(ctx, it, me)
		if err != nil {
			return out, err
		}
		tried[it.ID] = true
		if claimed {
			out = append(out, it)
		}
	}
	sent, err := o.mine(o.Store.InState(ctx, Sent))
	if err != nil {
		return out, err
	}
	for _, it := range sent {
		if it.SentCopy || tried[it.ID] {
			continue
		}
		if it, claimed := o.file(ctx, it, me); claimed {
			out = append(out, it)
		}
	}
	return out, nil
}

// send makes one attempt as process me. The claim (Sending, with me as its
// owner) is saved before the first byte goes out, so a crash during the
// attempt is seen by Recover, and another process that read the message
// as due is refused it (claimed is false: it was not sent here).
func (o *Outbox) send(ctx context.Context, it Item, me string) (_ Item, claimed bool, _ error) {
	if it.Account != o.Account {
		return it, false, fmt.Errorf("outbox of %q asked to send a message of %q", o.Account, it.Account)
	}
	old := it
	it.State, it.Owner = Sending, me
	it.Attempts++
	if ok, err := o.Store.Swap(ctx, old, it); err != nil || !ok {
		if err == nil {
			o.log().Debug("message claimed by another process", "id", it.ID)
		}
		return old, false, err
	}
	it, err := o.submit(ctx, it, me)
	return it, true, err
}

// submit hands a claimed message to the server and saves how it ended.
func (o *Outbox) submit(ctx context.Context, it Item, me string) (Item, error) {
	err := o.Submit.Submit(ctx, it)
	it.Err = err
	switch te, isTE := transport.As(err); {
	case err == nil:
		it.State, it.SentCopy = Sent, o.File == nil
		if err := o.Store.Update(ctx, it); err != nil {
			return it, err
		}
		o.log().Info("message sent", "id", it.ID, "account", it.Account, "attempts", it.Attempts)
		if o.File != nil {
			it, _ = o.file(ctx, it, me)
		}
		return it, nil
	case isTE && (te.MaybeSent || te.Code == transport.CodeMaybeSent):
		it.State = Unknown
	case ctx.Err() != nil:
		// Cancelled before the server could have the message whole: it
		// goes back to the queue as it was.
		it.State, it.Attempts, it.Err = Queued, it.Attempts-1, nil
		return it, o.Store.Update(context.WithoutCancel(ctx), it)
	case transient(err) && it.Attempts <= len(o.backoff()):
		it.State, it.Due = Queued, o.now().Add(o.backoff()[it.Attempts-1])
	default:
		it.State = Failed
	}
	o.log().Warn("sending failed", "id", it.ID, "account", it.Account, "state", it.State, "code", transport.CodeOf(err))
	return it, o.Store.Update(ctx, it)
}

func (o *Outbox) backoff() []time.Duration {
	if o.Backoff != nil {
		return o.Backoff
	}
	return DefaultBackoff
}

// transient is a failure that may pass by itself soon; anything that is
// not a classified transport error (a bug, a full disk) is not retried.
func transient(err error) bool {
	te, ok := transport.As(err)
	return ok && te.Retry == transport.RetryYes
}

// file copies a sent message to the Sent folder; a failure keeps the
// message marked Sent (it did go out) with the error (SEND-19), and the
// copy is tried again on the next run. The copy is claimed like a send: a
// copy another running process files (its sender, most often) is left to
// it, so no Sent folder gets two.
func (o *Outbox) file(ctx context.Context, it Item, me string) (_ Item, claimed bool) {
	if it.Owner != me {
		if o.Store.Alive(it.Owner) {
			return it, false
		}
		old := it
		it.Owner = me
		if ok, err := o.Store.Swap(ctx, old, it); err != nil || !ok {
			return old, false
		}
	}
	if err := o.File.FileSent(ctx, it); err != nil {
		it.Err = &transport.Error{Code: transport.CodeSentCopyFailed, Protocol: transport.ProtoIMAP, Err: err}
		o.log().Warn("copy to Sent failed", "id", it.ID, "err", err)
	} else {
		it.SentCopy, it.Err = true, nil
	}
	if err := o.Store.Update(ctx, it); err != nil {
		o.log().Warn("saving the outbox failed", "id", it.ID, "err", err)
	}
	return it, true
}
