package imap

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	goimap "github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"wren/transport"
)

// Append uploads a message of exactly size bytes from r into folder with
// the given flags and internal date (zero: the server's now). It returns
// the new message's UID when the server reports it (APPENDUID, UIDPLUS),
// else 0. A message above the server's APPENDLIMIT is refused before
// anything is sent (IMAP-21). The upload is bounded by the transfer timeout.
//
// When the server answers NO [TRYCREATE] (the folder does not exist) and r
// can seek, the folder is created and the message appended again, once
// (RFC 9051 §7.1). A refusal before the message was sent (instead of the
// "+" go-imap waits for) leaves the session unusable: the IMAP-16 error is
// returned and the caller creates the folder over a new session.
func (cl *Client) Append(ctx context.Context, folder string, flags []goimap.Flag, date time.Time, r io.Reader, size int64) (goimap.UID, error) {
	rs, canRetry := r.(io.Seeker)
	var start int64
	if canRetry {
		var err error
		if start, err = rs.Seek(0, io.SeekCurrent); err != nil {
			canRetry = false
		}
	}
	if cl.syncLiteral(size) {
		// go-imap drops the session when the server refuses before the
		// message is sent ("NO [TRYCREATE]" instead of "+"), so a missing
		// folder is found and created first.
		if err := cl.ensureFolder(ctx, folder); err != nil {
			return 0, err
		}
	}
	uid, err := cl.append(ctx, folder, flags, date, r, size)
	if !canRetry || transport.CodeOf(err) != transport.CodeIMAPTryCreate || cl.dropped.Load() {
		// Without the session (refused before the message was sent),
		// the caller creates the folder over a new one.
		return uid, err
	}
	cl.opts.Logger.Info("creating the folder the server asked for", "server", cl.ep.Address(), "folder", folder)
	if cerr := cl.Create(ctx, folder); cerr != nil && transport.CodeOf(cerr) != transport.CodeIMAPAlreadyExists {
		return 0, cerr
	}
	if _, serr := rs.Seek(start, io.SeekStart); serr != nil {
		return 0, err
	}
	return cl.append(ctx, folder, flags, date, r, size)
}

// syncLiteral reports whether go-imap sends a message of size as a
// synchronizing literal (waiting for the server's "+").
func (cl *Client) syncLiteral(size int64) bool {
	return size > 4096 || !cl.caps().Has(goimap.CapLiteralMinus)
}

// ensureFolder creates folder unless LIST shows it.
func (cl *Client) ensureFolder(ctx context.Context, folder string) error {
	var found bool
	err := cl.do(ctx, transport.StepCommand, cl.opts.Timeouts.Command, func() error {
		list, err := cl.c.List("", folder, nil).Collect()
		for _, d := range list {
			found = found || d.Mailbox == folder || equalFoldASCII(folder, "INBOX") && equalFoldASCII(d.Mailbox, "INBOX")
		}
		return err
	})
	if err != nil || found {
		return err
	}
	cl.opts.Logger.Info("creating a missing folder before appending", "server", cl.ep.Address(), "folder", folder)
	if err := cl.Create(ctx, folder); err != nil && transport.CodeOf(err) != transport.CodeIMAPAlreadyExists {
		return err
	}
	return nil
}

func (cl *Client) append(ctx context.Context, folder string, flags []goimap.Flag, date time.Time, r io.Reader, size int64) (goimap.UID, error) {
	if err := cl.checkFlags(flags); err != nil {
		return 0, err
	}
	var uid goimap.UID
	var tooBig uint32
	src := &readErrs{r: io.LimitReader(r, size)}
	err := cl.do(ctx, transport.StepAppend, cl.transferTimeout(), func() error {
		if lim, ok := cl.caps().AppendLimit(); ok && lim != nil && size > int64(*lim) {
			tooBig = *lim
			return nil
		}
		cmd := cl.c.Append(folder, size, &goimap.AppendOptions{Flags: flags, Time: date})
		n, err := io.Copy(cmd, src)
		if err == nil && n != size {
			src.err = fmt.Errorf("imap: message has %d bytes, not the announced %d", n, size)
		}
		if src.err != nil {
			err = src.err
		}
		if err != nil {
			var refused *goimap.Error
			if src.err == nil && errors.As(err, &refused) {
				// The server answered instead of "+" (NO [TRYCREATE]):
				// its reply is the failure, classified before the close
				// below makes it look like a network error.
				err = cl.classify(err, transport.StepAppend)
			}
			// The literal is incomplete: the session cannot continue.
			cl.dropped.Store(true)
			cl.c.Close()
			cmd.Close()
			return err
		}
		if err := cmd.Close(); err != nil {
			return err
		}
		d, err := cmd.Wait()
		if err != nil {
			return err
		}
		uid = d.UID
		return nil
	})
	if tooBig > 0 {
		return 0, cl.tooLarge(size, tooBig)
	}
	if src.err != nil {
		return 0, src.err // the caller's reader failed, not the server
	}
	return uid, err
}

// checkFlags refuses a flag that is not a valid IMAP flag.
func (cl *Client) checkFlags(flags []goimap.Flag) error {
	for _, f := range flags {
		if !validFlag(f) {
			return &transport.Error{Code: transport.CodeIMAPCannot, Protocol: transport.ProtoIMAP, Server: cl.ep.Address(),
				Step: transport.StepPrecheck, Err: fmt.Errorf("imap: invalid flag %q", f)}
		}
	}
	return nil
}

// readErrs remembers the error of the message source, to tell it from a
// network error.
type readErrs struct {
	r   io.Reader
	err error
}

func (r *readErrs) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// Upload is one message for AppendMany.
type Upload struct {
	Raw   []byte
	Flags []goimap.Flag
	Date  time.Time // zero: the server's now
}

// AppendMany appends msgs into folder (created when missing), pipelined:
// every APPEND is sent without waiting for the one before to be answered,
// so a batch costs about one round trip instead of one per message. (The
// MULTIAPPEND command would also make the batch all or nothing, but
// go-imap's client cannot send it.) A server that wants each message
// announced and acknowledged first (no LITERAL+) gets them one at a time.
//
// It returns how many the server stored and the first refusal; the other
// messages of the batch are still offered, each stored or refused alone.
func (cl *Client) AppendMany(ctx context.Context, folder string, msgs []Upload) (int, error) {
	for _, m := range msgs {
		if err := cl.checkFlags(m.Flags); err != nil {
			return 0, err
		}
		if cl.syncLiteral(int64(len(m.Raw))) {
			return cl.appendEach(ctx, folder, msgs)
		}
	}
	if err := cl.ensureFolder(ctx, folder); err != nil {
		return 0, err
	}
	stored, send := 0, len(msgs)
	var tooBig uint32
	err := cl.do(ctx, transport.StepAppend, cl.transferTimeout(), func() error {
		if lim, ok := cl.caps().AppendLimit(); ok && lim != nil {
			for i, m := range msgs {
				if int64(len(m.Raw)) > int64(*lim) {
					send, tooBig = i, *lim // those before it go
					break
				}
			}
		}
		cmds := make([]*imapclient.AppendCommand, 0, send)
		var sendErr error
		for _, m := range msgs[:send] {
			cmd := cl.c.Append(folder, int64(len(m.Raw)), &goimap.AppendOptions{Flags: m.Flags, Time: m.Date})
			_, werr := cmd.Write(m.Raw)
			if cerr := cmd.Close(); werr == nil {
				werr = cerr
			}
			if werr != nil {
				// A message cut short: the session cannot go on.
				cl.dropped.Store(true)
				cl.c.Close()
				sendErr = werr
				break
			}
			cmds = append(cmds, cmd)
		}
		var first error
		for _, cmd := range cmds {
			if _, err := cmd.Wait(); err != nil {
				first = cmp.Or(first, err)
				continue
			}
			stored++
		}
		return cmp.Or(first, sendErr)
	})
	if err == nil && tooBig > 0 {
		err = cl.tooLarge(int64(len(msgs[send].Raw)), tooBig)
	}
	return stored, err
}

// appendEach appends msgs one at a time, stopping at the first refusal.
func (cl *Client) appendEach(ctx context.Context, folder string, msgs []Upload) (int, error) {
	for i, m := range msgs {
		if _, err := cl.Append(ctx, folder, m.Flags, m.Date, bytes.NewReader(m.Raw), int64(len(m.Raw))); err != nil {
			return i, err
		}
	}
	return len(msgs), nil
}

// tooLarge is the refusal of a message above the server's APPENDLIMIT.
func (cl *Client) tooLarge(size int64, limit uint32) error {
	return &transport.Error{Code: transport.CodeIMAPCannot, Protocol: transport.ProtoIMAP, Server: cl.ep.Address(),
		Step: transport.StepPrecheck, ServerCode: fmt.Sprintf("APPENDLIMIT=%d", limit),
		Err: fmt.Errorf("imap: message of %d bytes exceeds the server's limit: %w", size, transport.ErrTooLarge)}
}
