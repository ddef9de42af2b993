package imap

import (
	"context"
	"fmt"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
)

// Copied tells where copied or moved messages went. With UIDPLUS the
// destination UIDs are known (Dest[i] is the copy of Source[i]); without,
// both sets are nil.
type Copied struct {
	UIDValidity uint32
	Source      goimap.UIDSet
	Dest        goimap.UIDSet
}

// AddFlags sets flags (\Seen, \Flagged, \Answered, \Deleted, keywords) on
// the messages of the selected folder.
func (cl *Client) AddFlags(ctx context.Context, uids goimap.UIDSet, flags ...goimap.Flag) error {
	return cl.store(ctx, uids, goimap.StoreFlagsAdd, flags)
}

// RemoveFlags clears flags on the messages of the selected folder.
func (cl *Client) RemoveFlags(ctx context.Context, uids goimap.UIDSet, flags ...goimap.Flag) error {
	return cl.store(ctx, uids, goimap.StoreFlagsDel, flags)
}

// MarkDeleted sets \Deleted; Expunge then removes the messages.
func (cl *Client) MarkDeleted(ctx context.Context, uids goimap.UIDSet) error {
	return cl.store(ctx, uids, goimap.StoreFlagsAdd, []goimap.Flag{goimap.FlagDeleted})
}

func (cl *Client) store(ctx context.Context, uids goimap.UIDSet, op goimap.StoreFlagsOp, flags []goimap.Flag) error {
	for _, f := range flags {
		if !validFlag(f) {
			// go-imap would drop the connection on it; say why instead.
			return &transport.Error{Code: transport.CodeIMAPCannot, Protocol: transport.ProtoIMAP, Server: cl.ep.Address(),
				Step: transport.StepPrecheck, Err: fmt.Errorf("imap: invalid flag %q", f)}
		}
	}
	return cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		return cl.c.Store(uids, &goimap.StoreFlags{Op: op, Silent: true, Flags: flags}, nil).Close()
	})
}

// validFlag accepts \System flags and keywords: atom characters only.
func validFlag(f goimap.Flag) bool {
	s := string(f)
	if len(s) > 0 && s[0] == '\\' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f {
			return false
		}
		switch c {
		case '(', ')', '{', '%', '*', '"', '\\', ']':
			return false
		}
	}
	return true
}

// Expunge removes the messages marked \Deleted among uids: UID EXPUNGE with
// UIDPLUS. Without UIDPLUS it falls back to EXPUNGE, which removes every
// message marked \Deleted in the folder (as RFC 3501 clients do).
func (cl *Client) Expunge(ctx context.Context, uids goimap.UIDSet) error {
	return cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		return cl.expunge(uids)
	})
}

func (cl *Client) expunge(uids goimap.UIDSet) error {
	if cl.caps().Has(goimap.CapUIDPlus) || cl.caps().Has(goimap.CapIMAP4rev2) {
		return cl.c.UIDExpunge(uids).Close()
	}
	return cl.c.Expunge().Close()
}

// Copy copies messages of the selected folder into dest.
func (cl *Client) Copy(ctx context.Context, uids goimap.UIDSet, dest string) (Copied, error) {
	var res Copied
	err := cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		d, err := cl.c.Copy(uids, dest).Wait()
		if err != nil {
			return err
		}
		res = Copied{UIDValidity: d.UIDValidity, Source: d.SourceUIDs, Dest: d.DestUIDs}
		return nil
	})
	return res, err
}

// Move moves messages of the selected folder into dest: MOVE when the
// server has it, else COPY, \Deleted and Expunge.
func (cl *Client) Move(ctx context.Context, uids goimap.UIDSet, dest string) (Copied, error) {
	var res Copied
	err := cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		if cl.caps().Has(goimap.CapMove) || cl.caps().Has(goimap.CapIMAP4rev2) {
			d, err := cl.c.Move(uids, dest).Wait()
			if err != nil {
				return err
			}
			res = Copied{UIDValidity: d.UIDValidity}
			res.Source, _ = d.SourceUIDs.(goimap.UIDSet)
			res.Dest, _ = d.DestUIDs.(goimap.UIDSet)
			return nil
		}
		d, err := cl.c.Copy(uids, dest).Wait()
		if err != nil {
			return err
		}
		res = Copied{UIDValidity: d.UIDValidity, Source: d.SourceUIDs, Dest: d.DestUIDs}
		flags := &goimap.StoreFlags{Op: goimap.StoreFlagsAdd, Silent: true, Flags: []goimap.Flag{goimap.FlagDeleted}}
		if err := cl.c.Store(uids, flags, nil).Close(); err != nil {
			return err
		}
		return cl.expunge(uids)
	})
	return res, err
}
