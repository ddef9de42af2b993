package imap

import (
	"context"
	"errors"
	"fmt"
	"io"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"wren/transport"
)

// Section names what FetchBody fetches.
type Section struct {
	// Part is a MIME part number ([1, 2] is part 1.2); nil is the whole
	// message. A part comes as it is on the wire, still transfer-encoded.
	Part []int
	// MarkSeen lets the fetch set \Seen; by default BODY.PEEK keeps the
	// message's flags as they are.
	MarkSeen bool
}

// ErrNoMessage is returned when the UID does not exist (any more).
var ErrNoMessage = errors.New("no message with that UID")

// FetchBody streams one message or part of the selected folder into w and
// returns the number of bytes written. At most max bytes are accepted (0
// or above Limits.MaxBody means MaxBody): a larger body is an IMAP-21 error
// wrapping transport.ErrTooLarge, and no more than max+1 bytes are ever
// requested from the server. The transfer is bounded by the transfer
// timeout (or ctx's deadline).
func (cl *Client) FetchBody(ctx context.Context, uid goimap.UID, sec Section, max int64, w io.Writer) (int64, error) {
	if max <= 0 || max > cl.lim.MaxBody {
		max = cl.lim.MaxBody
	}
	var (
		n       int64
		tooBig  int64
		found   bool
		copyErr error
	)
	err := cl.do(ctx, transport.StepFetch, cl.transferTimeout(), func() error {
		restore := cl.g.allowBody(max + 1)
		defer restore()
		item := &goimap.FetchItemBodySection{
			Part:    sec.Part,
			Peek:    !sec.MarkSeen,
			Partial: &goimap.SectionPartial{Offset: 0, Size: max + 1},
		}
		cmd := cl.c.Fetch(goimap.UIDSetNum(uid), &goimap.FetchOptions{UID: true, BodySection: []*goimap.FetchItemBodySection{item}})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			for it := msg.Next(); it != nil; it = msg.Next() {
				body, ok := it.(imapclient.FetchItemDataBodySection)
				if !ok || found {
					continue
				}
				found = true
				if body.Literal == nil {
					continue // NIL: the part is empty
				}
				if size := body.Literal.Size(); size > max {
					tooBig = size
					continue
				}
				n, copyErr = io.Copy(w, body.Literal)
			}
		}
		return cmd.Close()
	})
	switch {
	case err != nil:
		return n, err
	case copyErr != nil:
		return n, copyErr
	case tooBig > 0:
		return 0, &transport.Error{Code: transport.CodeIMAPCannot, Protocol: transport.ProtoIMAP, Server: cl.ep.Address(),
			Step: transport.StepFetch, Retry: transport.RetryNo,
			Err: fmt.Errorf("imap: message %d is larger than %d bytes: %w", uid, max, transport.ErrTooLarge)}
	case !found:
		return 0, &transport.Error{Code: transport.CodeIMAPExpungeIssued, Protocol: transport.ProtoIMAP, Server: cl.ep.Address(),
			Step: transport.StepFetch, Retry: transport.RetryYes, Err: fmt.Errorf("imap: UID %d: %w", uid, ErrNoMessage)}
	}
	return n, nil
}
