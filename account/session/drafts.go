package session

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"wren/account/drafts"
	"wren/account/outbox"
	"wren/account/store"
	"wren/transport/rfc822"
)

// mailState is the writing side of a session: drafts, the outbox runner
// and the address book.
type mailState struct {
	drafts   *drafts.Store
	contacts *store.AddressBook
	// opened is when the session opened: drafts saved before it are left
	// over from an earlier run.
	opened time.Time
	wake   chan struct{}
	// runMu is held while the outbox sends and while Undo takes a message
	// back, so that the two never both happen to one message.
	runMu sync.Mutex

	mu       sync.Mutex
	onOutbox []func(outbox.Item)
	outboxes map[string]*outbox.Outbox
	// queued keeps the drafts sent in this run until they leave the
	// outbox, so that Undo gives back exactly what was written.
	queued map[int64]rfc822.Draft
	// sizeLimits caches each outgoing server's SIZE (see SizeLimit).
	sizeLimits map[string]int64
	copies     draftCopies // server copies of drafts (draftcopy.go)
}

func newMailState(dataDir string, st *store.Store) (*mailState, error) {
	ds, err := drafts.Open(filepath.Join(dataDir, "drafts"))
	if err != nil {
		return nil, err
	}
	return &mailState{
		drafts: ds, contacts: store.NewAddressBook(st), opened: time.Now(),
		wake: make(chan struct{}, 1), outboxes: map[string]*outbox.Outbox{}, queued: map[int64]rfc822.Draft{},
		sizeLimits: map[string]int64{}, copies: draftCopies{wake: make(chan struct{}, 1)},
	}, nil
}

// Drafts is the store of drafts in the profile's data folder; the
// composer saves through a drafts.Autosaver on it.
func (s *Session) Drafts() *drafts.Store { return s.mail.drafts }

// RecoveredDrafts are the drafts left from a previous run (closed without
// sending or discarding, or a crash), newest first, for the GUI to offer.
// Empty drafts are left out.
func (s *Session) RecoveredDrafts(ctx context.Context) ([]drafts.Draft, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	all, err := s.mail.drafts.List()
	if err != nil {
		return nil, fmt.Errorf("reading drafts: %w", err)
	}
	var out []drafts.Draft
	for _, d := range all {
		if !d.Empty() && d.Updated.Before(s.mail.opened) {
			out = append(out, d)
		}
	}
	return out, nil
}

// DiscardDraft deletes a draft (discarded, or sent), with its copy in the
// server's Drafts folder. It may wait for a copy being made: call it off
// the UI goroutine.
func (s *Session) DiscardDraft(id string) error {
	ctx, cancel := context.WithTimeout(context.Background(), discardTimeout)
	defer cancel()
	return s.discardDraft(ctx, id)
}

// discardTimeout bounds DiscardDraft's store work.
const discardTimeout = time.Minute

// Contacts completes an address field: addresses seen in stored mail
// whose address or name starts with prefix, those the user sent to first.
func (s *Session) Contacts(ctx context.Context, prefix string) ([]store.Contact, error) {
	return s.mail.contacts.Addresses(ctx, prefix, contactsLimit)
}

// contactsLimit is how many suggestions an address field shows.
const contactsLimit = 8
