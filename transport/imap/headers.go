package imap

import (
	"bytes"
	"context"
	"io"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// ListFields are the header fields a message list and threading need:
// fetched instead of ENVELOPE and BODYSTRUCTURE, which cost Dovecot about
// twice as much to produce (measured by account/bench).
var ListFields = []string{"DATE", "FROM", "TO", "CC", "SUBJECT", "MESSAGE-ID", "IN-REPLY-TO", "REFERENCES", "CONTENT-TYPE"}

// HeaderSummary is one message as FetchHeaders returns it.
type HeaderSummary struct {
	UID    goimap.UID
	SeqNum uint32
	Flags  []goimap.Flag
	Size   int64 // RFC822.SIZE
	// Header is the raw header block of the fields asked for, as the
	// server sent it (at most Limits.MaxLiteral bytes: larger ones fail
	// the fetch with transport.ErrTooLarge).
	Header []byte
}

// FetchHeaders fetches flags, size and the given header fields (ListFields
// when nil) of the messages in uids of the selected folder, batch at a
// time, calling fn once per message as it arrives; each batch runs within
// the command timeout. The internal date is left out: the Date field
// stands for it in nearly every message, and reading it costs a sixth of
// the fetch (FetchSummaries has it for the others). So is the per-message
// mod-sequence: a resync needs only the folder's HIGHESTMODSEQ, and
// Dovecot spends about a fifth of this fetch producing it. uids is resolved like FetchSummaries'. fn must not keep
// Header beyond the call (the buffer is reused). An error from fn stops
// the fetch and is returned as it is.
func (cl *Client) FetchHeaders(ctx context.Context, uids goimap.UIDSet, batch int, fields []string, fn func(HeaderSummary) error) error {
	if fields == nil {
		fields = ListFields
	}
	section := &goimap.FetchItemBodySection{Specifier: goimap.PartSpecifierHeader, HeaderFields: fields, Peek: true}
	opts := &goimap.FetchOptions{
		UID: true, Flags: true, RFC822Size: true,
		BodySection: []*goimap.FetchItemBodySection{section},
	}
	var buf bytes.Buffer
	return cl.fetchBatches(ctx, uids, batch, opts, func(msg *imapclient.FetchMessageData) error {
		h, err := headerSummaryOf(msg, &buf)
		if err != nil {
			return err // the literal broke off: the connection is failing
		}
		if h.UID != 0 {
			return fn(h)
		}
		return nil
	})
}

// headerSummaryOf reads one message's items; the header literal goes to
// buf (its size is bounded by the guard before any byte is read).
func headerSummaryOf(msg *imapclient.FetchMessageData, buf *bytes.Buffer) (HeaderSummary, error) {
	h := HeaderSummary{SeqNum: msg.SeqNum}
	buf.Reset()
	for item := msg.Next(); item != nil; item = msg.Next() {
		switch it := item.(type) {
		case imapclient.FetchItemDataUID:
			h.UID = it.UID
		case imapclient.FetchItemDataFlags:
			h.Flags = it.Flags
		case imapclient.FetchItemDataRFC822Size:
			h.Size = it.Size
		case imapclient.FetchItemDataBodySection:
			if it.Literal == nil {
				continue
			}
			if _, err := io.Copy(buf, it.Literal); err != nil {
				return h, err
			}
		}
	}
	h.Header = buf.Bytes()
	return h, nil
}
