package imap

import (
	"context"
	"errors"
	"fmt"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"wren/transport"
)

// Summary is what a message list needs of one message.
type Summary struct {
	UID          goimap.UID
	SeqNum       uint32
	Flags        []goimap.Flag
	Envelope     *goimap.Envelope // nil if the server sent none
	Size         int64            // RFC822.SIZE
	InternalDate time.Time
	// BodyStructure is nil if the server sent none.
	BodyStructure goimap.BodyStructure
	ModSeq        uint64 // 0 without CONDSTORE
}

// Change is a message whose flags changed since a mod-sequence.
type Change struct {
	UID    goimap.UID
	SeqNum uint32
	Flags  []goimap.Flag
	ModSeq uint64
}

// DefaultBatch is the number of messages per FETCH when the caller gives
// no batch size.
const DefaultBatch = 500

// ErrUnsupported marks a request the server lacks the extension for.
var ErrUnsupported = errors.New("the server does not support this")

// FetchSummaries fetches envelope, flags, size, body structure, internal
// date and (with CONDSTORE) mod-sequence of the messages in uids of the
// selected folder, calling fn once per message as it arrives, batch at a
// time, each batch within the command timeout. A set with an open range
// ("1:*") is resolved to the UIDs that exist with UID SEARCH first; a set
// of known UIDs is fetched as it is (the server skips any that are gone).
// An error from fn stops the fetch and is returned as it is.
func (cl *Client) FetchSummaries(ctx context.Context, uids goimap.UIDSet, batch int, fn func(Summary) error) error {
	opts := &goimap.FetchOptions{
		UID: true, Flags: true, Envelope: true, RFC822Size: true, InternalDate: true,
		BodyStructure: &goimap.FetchItemBodyStructure{Extended: true},
		ModSeq:        cl.caps().Has(goimap.CapCondStore),
	}
	return cl.fetchBatches(ctx, uids, batch, opts, func(msg *imapclient.FetchMessageData) error {
		if s := summaryOf(msg); s.UID != 0 {
			return fn(s)
		}
		return nil
	})
}

// fetchBatches runs one FETCH per batch of the UIDs that exist (an open
// set is resolved by UID SEARCH first; a closed one is sent as it is) and
// hands each message to each. The first error from each is returned
// once the batch's responses are drained; later messages are skipped.
func (cl *Client) fetchBatches(ctx context.Context, uids goimap.UIDSet, batch int, opts *goimap.FetchOptions,
	each func(*imapclient.FetchMessageData) error) error {
	if batch <= 0 {
		batch = DefaultBatch
	}
	exist := uids
	if !closed(uids) {
		err := cl.do(ctx, transport.StepFetch, cl.opts.Timeouts.Command, func() (err error) {
			exist, err = cl.search(uids)
			return err
		})
		if err != nil {
			return err
		}
	}
	var eachErr error
	for part := range chunks(exist, batch) {
		err := cl.do(ctx, transport.StepFetch, cl.opts.Timeouts.Command, func() error {
			cmd := cl.c.Fetch(part, opts)
			for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
				if eachErr == nil {
					eachErr = each(msg)
				}
			}
			return cmd.Close()
		})
		if err != nil {
			return err
		}
		if eachErr != nil {
			return eachErr
		}
	}
	return nil
}

// closed reports a set without open ends ("n:*"), whose size is known.
func closed(set goimap.UIDSet) bool {
	for _, r := range set {
		if r.Start == 0 || r.Stop == 0 {
			return false
		}
	}
	return true
}

// summaryOf reads one message's items, skipping (streaming away) any body
// section a server sends unasked.
func summaryOf(msg *imapclient.FetchMessageData) Summary {
	s := Summary{SeqNum: msg.SeqNum}
	for item := msg.Next(); item != nil; item = msg.Next() {
		switch it := item.(type) {
		case imapclient.FetchItemDataUID:
			s.UID = it.UID
		case imapclient.FetchItemDataFlags:
			s.Flags = it.Flags
		case imapclient.FetchItemDataEnvelope:
			s.Envelope = it.Envelope
		case imapclient.FetchItemDataRFC822Size:
			s.Size = it.Size
		case imapclient.FetchItemDataInternalDate:
			s.InternalDate = it.Time
		case imapclient.FetchItemDataBodyStructure:
			s.BodyStructure = it.BodyStructure
		case imapclient.FetchItemDataModSeq:
			s.ModSeq = it.ModSeq
		}
	}
	return s
}

// ChangedSince reports the messages of the selected folder whose flags
// changed after modSeq (CONDSTORE CHANGEDSINCE), calling fn per message.
// Expunged messages are not reported: compare UIDs for those.
func (cl *Client) ChangedSince(ctx context.Context, modSeq uint64, fn func(Change) error) error {
	var fnErr error
	err := cl.do(ctx, transport.StepFetch, cl.transferTimeout(), func() error {
		if !cl.caps().Has(goimap.CapCondStore) {
			return unsupported("CONDSTORE")
		}
		all := goimap.UIDSet{goimap.UIDRange{Start: 1, Stop: 0}}
		cmd := cl.c.Fetch(all, &goimap.FetchOptions{UID: true, Flags: true, ModSeq: true, ChangedSince: modSeq})
		for msg := cmd.Next(); msg != nil; msg = cmd.Next() {
			s := summaryOf(msg)
			if fnErr == nil && s.UID != 0 {
				fnErr = fn(Change{UID: s.UID, SeqNum: s.SeqNum, Flags: s.Flags, ModSeq: s.ModSeq})
			}
		}
		return cmd.Close()
	})
	if err != nil {
		return err
	}
	return fnErr
}

// UIDs returns the UIDs of all messages in the selected folder (compact
// ranges with ESEARCH), so a sync can find what was expunged.
func (cl *Client) UIDs(ctx context.Context) (goimap.UIDSet, error) {
	var set goimap.UIDSet
	err := cl.do(ctx, transport.StepFetch, cl.opts.Timeouts.Command, func() (err error) {
		set, err = cl.search(goimap.UIDSet{goimap.UIDRange{Start: 1, Stop: 0}})
		return err
	})
	return set, err
}

// search returns the UIDs within uids that exist.
func (cl *Client) search(uids goimap.UIDSet) (goimap.UIDSet, error) {
	var opts *goimap.SearchOptions
	caps := cl.caps()
	if caps.Has(goimap.CapESearch) || caps.Has(goimap.CapIMAP4rev2) {
		opts = &goimap.SearchOptions{ReturnAll: true}
	}
	d, err := cl.c.UIDSearch(&goimap.SearchCriteria{UID: []goimap.UIDSet{uids}}, opts).Wait()
	if err != nil {
		return nil, err
	}
	set, _ := d.All.(goimap.UIDSet)
	for _, r := range set {
		if r.Start == 0 || r.Stop == 0 {
			return nil, fmt.Errorf("imap: server answered SEARCH with a dynamic set %v", set)
		}
	}
	return set, nil
}

// chunks splits set into sets of at most n UIDs, without expanding it.
func chunks(set goimap.UIDSet, n int) func(yield func(goimap.UIDSet) bool) {
	return func(yield func(goimap.UIDSet) bool) {
		var cur goimap.UIDSet
		count := 0
		for _, r := range set {
			lo, hi := min(r.Start, r.Stop), max(r.Start, r.Stop)
			for lo <= hi {
				take := min(uint64(hi-lo)+1, uint64(n-count))
				end := lo + goimap.UID(take-1)
				cur = append(cur, goimap.UIDRange{Start: lo, Stop: end})
				count += int(take)
				if count == n {
					if !yield(cur) {
						return
					}
					cur, count = nil, 0
				}
				if end == hi {
					break
				}
				lo = end + 1
			}
		}
		if len(cur) > 0 {
			yield(cur)
		}
	}
}

func unsupported(ext string) error {
	return &transport.Error{Code: transport.CodeIMAPCannot, Protocol: transport.ProtoIMAP,
		Step: transport.StepPrecheck, Retry: transport.RetryNo, Err: fmt.Errorf("%s: %w", ext, ErrUnsupported)}
}
