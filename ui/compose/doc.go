// Package compose is the composer window: From (an identity of any
// account), To/Cc/Bcc with completion from the address book, Subject, the
// text with optional basic formatting, attachments (file dialog and drag
// and drop), drafts saved as the user types, and sending through the
// outbox with undo. A Manager opens composers for the main window (it is
// its mailview.Composer), shows the "Sending… Undo" bar and the outbox.
//
// Everything here runs on the Fyne goroutine except the Backend calls,
// which go to goroutines and come back through fyne.Do.
package compose

import (
	"context"
	"time"

	"wren/account/drafts"
	"wren/account/outbox"
	"wren/account/store"
	"wren/transport/rfc822"
)

// Backend is what the composer needs of the running session
// (*session.Session has it). Every method but Drafts and OnOutbox may
// block and is called off the UI goroutine.
type Backend interface {
	Send(ctx context.Context, account string, d rfc822.Draft, undo time.Duration) (int64, error)
	Undo(ctx context.Context, id int64) (rfc822.Draft, error)
	Retry(ctx context.Context, id int64) error
	// SendToAccepted sends a message refused for some recipients to the
	// others, the user's choice.
	SendToAccepted(ctx context.Context, id int64) error
	Outbox(ctx context.Context) ([]outbox.Item, error)
	OnOutbox(f func(outbox.Item))
	SizeLimit(ctx context.Context, account string) (int64, error)
	Drafts() *drafts.Store
	RecoveredDrafts(ctx context.Context) ([]drafts.Draft, error)
	DiscardDraft(id string) error
	// CopyDraftsNow asks for saved drafts to reach the server's Drafts
	// folder now; it does not wait.
	CopyDraftsNow()
	Contacts(ctx context.Context, prefix string) ([]store.Contact, error)
	FetchMessage(ctx context.Context, m store.Message) (*rfc822.Message, []byte, error)
}
