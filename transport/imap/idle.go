package imap

import (
	"context"
	"errors"
	"io"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"wren/transport"
)

// UpdateKind says what an Update reports.
type UpdateKind int

const (
	// UpdateExists: the selected folder now has Count messages.
	UpdateExists UpdateKind = iota + 1
	// UpdateExpunge: the message with SeqNum is gone; higher sequence
	// numbers moved down by one.
	UpdateExpunge
	// UpdateFlags: the flags of SeqNum (and UID, when sent) are now Flags.
	UpdateFlags
	// UpdateOverflow: updates were dropped because they came faster than
	// they were consumed; resynchronise the folder.
	UpdateOverflow
)

// Update is news the server sent about the selected folder on its own.
type Update struct {
	Kind   UpdateKind
	Count  uint32
	SeqNum uint32
	UID    goimap.UID
	Flags  []goimap.Flag
	ModSeq uint64
}

// unilateral returns go-imap's handler. It runs on go-imap's reader
// goroutine (Fetch on one of its own), so it never blocks: updates are
// queued, and when the queue is full the loss is flagged instead.
func (cl *Client) unilateral() *imapclient.UnilateralDataHandler {
	return &imapclient.UnilateralDataHandler{
		Expunge: func(seq uint32) { cl.post(Update{Kind: UpdateExpunge, SeqNum: seq}) },
		Mailbox: func(d *imapclient.UnilateralDataMailbox) {
			if d.NumMessages != nil {
				cl.post(Update{Kind: UpdateExists, Count: *d.NumMessages})
			}
		},
		Fetch: func(msg *imapclient.FetchMessageData) {
			s := summaryOf(msg)
			if s.Flags != nil {
				cl.post(Update{Kind: UpdateFlags, SeqNum: s.SeqNum, UID: s.UID, Flags: s.Flags, ModSeq: s.ModSeq})
			}
		},
	}
}

func (cl *Client) post(u Update) {
	select {
	case cl.updates <- u:
		return
	default:
	}
	cl.overflow.Store(true)
	select {
	case cl.kick <- struct{}{}:
	default:
	}
}

// Idle waits for news about the selected folder with IDLE and calls
// onUpdate (on the caller's goroutine) for each, until ctx is cancelled;
// then it ends IDLE cleanly (DONE) and returns nil. Updates that arrived
// before Idle, for instance during a Noop, are delivered first.
//
// Idle occupies the client: other calls on the same Client wait until it
// returns, so cancel it first (or use a second connection). go-imap
// restarts IDLE every 28 minutes by itself. A connection the server ends
// returns an error (IMAP-26 with the BYE text when there was one).
func (cl *Client) Idle(ctx context.Context, onUpdate func(Update)) error {
	select {
	case cl.sem <- struct{}{}:
	case <-ctx.Done():
		return nil
	}
	defer func() { <-cl.sem }()
	if onUpdate == nil {
		onUpdate = func(Update) {}
	}
	var idle *imapclient.IdleCommand
	err := cl.run(context.WithoutCancel(ctx), cl.opts.Timeouts.Command, func() error {
		caps := cl.caps()
		if !caps.Has(goimap.CapIdle) && !caps.Has(goimap.CapIMAP4rev2) {
			return unsupported("IDLE")
		}
		var err error
		idle, err = cl.c.Idle()
		return err
	})
	if err != nil {
		return cl.classify(err, transport.StepCommand)
	}
	for {
		select {
		case u := <-cl.updates:
			onUpdate(u)
		case <-cl.kick:
			if cl.overflow.Swap(false) {
				onUpdate(Update{Kind: UpdateOverflow})
			}
		case <-cl.c.Closed():
			err := idle.Wait()
			if err == nil || errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			return cl.classify(err, transport.StepCommand)
		case <-ctx.Done():
			err := cl.run(context.WithoutCancel(ctx), cl.opts.Timeouts.Command, func() error {
				if err := idle.Close(); err != nil {
					return err
				}
				return idle.Wait()
			})
			return cl.classify(err, transport.StepCommand)
		}
	}
}
