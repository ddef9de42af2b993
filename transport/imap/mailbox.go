package imap

import (
	"context"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
)

// Mailbox is the state of a selected folder.
type Mailbox struct {
	Name string
	// ReadOnly is set for EXAMINE and when the server answered SELECT with
	// [READ-ONLY] (IMAP-23: flag changes and deletes will not stick).
	ReadOnly    bool
	UIDValidity uint32
	UIDNext     goimap.UID
	// HighestModSeq is 0 when the server has no CONDSTORE; otherwise
	// CONDSTORE is enabled for the session by this Select.
	HighestModSeq  uint64
	Messages       uint32
	Flags          []goimap.Flag
	PermanentFlags []goimap.Flag
}

// Select opens a folder (EXAMINE when readOnly), enabling CONDSTORE when
// the server supports it.
func (cl *Client) Select(ctx context.Context, name string, readOnly bool) (*Mailbox, error) {
	var mb *Mailbox
	err := cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		cl.g.readOnly.Store(false)
		opts := &goimap.SelectOptions{ReadOnly: readOnly, CondStore: cl.caps().Has(goimap.CapCondStore)}
		d, err := cl.c.Select(name, opts).Wait()
		if err != nil {
			return err
		}
		mb = &Mailbox{
			Name:           name,
			ReadOnly:       readOnly || cl.g.readOnly.Load(),
			UIDValidity:    d.UIDValidity,
			UIDNext:        d.UIDNext,
			HighestModSeq:  d.HighestModSeq,
			Messages:       d.NumMessages,
			Flags:          d.Flags,
			PermanentFlags: d.PermanentFlags,
		}
		return nil
	})
	if err != nil {
		cl.selected.Store(nil)
		return nil, err
	}
	cl.selected.Store(mb)
	return mb, nil
}
