package pop3

import (
	"context"
	"errors"
	"io"
	"time"

	"wren/transport"
)

// Retr starts the download of message n and returns its body as a stream:
// the message as the server holds it, dot-unstuffed, line ends unchanged.
// Read it to io.EOF and Close it before the next command (a command issued
// earlier drains it first). ctx and the transfer timeout bound the whole
// download; each read waits at most the command timeout. A message beyond
// Limits.MaxMessage (or a line beyond Limits.MaxMessageLine) fails with an
// error wrapping transport.ErrTooLarge and ends the session: the rest of
// the reply cannot be skipped safely.
func (c *Client) Retr(ctx context.Context, n MsgNum) (io.ReadCloser, error) {
	if err := c.ready(n); err != nil {
		return nil, err
	}
	return c.fetch(ctx, "RETR", "RETR "+n.String())
}

// Top returns the header of message n and the first lines lines of its
// body, as Retr does. A server without TOP gives POP-09.
func (c *Client) Top(ctx context.Context, n MsgNum, lines int) (io.ReadCloser, error) {
	if err := c.ready(n); err != nil {
		return nil, err
	}
	if lines < 0 {
		return nil, ErrBadArgument
	}
	return c.fetch(ctx, "TOP", "TOP "+n.String()+" "+itoa(lines))
}

func (c *Client) fetch(ctx context.Context, verb, line string) (io.ReadCloser, error) {
	err := c.round(ctx, transport.StepFetch, c.opts.Timeouts.Command, func() error {
		if err := c.send(line, false); err != nil {
			return err
		}
		_, err := c.reply(verb, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	b := &body{
		c:   c,
		ctx: ctx,
		d:   newDotReader(c.r, c.limits.MaxMessageLine, c.limits.MaxMessage),
		end: transport.Deadline(ctx, c.opts.Timeouts.Transfer),
	}
	b.stop = transport.Watch(ctx, c.conn)
	c.body = b
	return b, nil
}

// body is the reader Retr and Top return.
type body struct {
	c    *Client
	ctx  context.Context
	d    *dotReader
	stop func() bool
	end  time.Time // transfer deadline
	done bool
	err  error // the failure, once done; nil after a clean end
}

func (b *body) Read(p []byte) (int, error) {
	if b.done {
		if b.err != nil {
			return 0, b.err
		}
		return 0, io.EOF
	}
	dl := time.Now().Add(b.c.opts.Timeouts.Command)
	if b.end.Before(dl) {
		dl = b.end
	}
	b.c.conn.SetReadDeadline(dl)
	n, err := b.d.Read(p)
	switch {
	case err == nil:
		return n, nil
	case errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF):
		b.stop()
		b.finish(nil)
		return n, io.EOF
	}
	fired := !b.stop()
	b.finish(b.c.failure(b.ctx, fired, err, transport.StepFetch))
	return n, b.err
}

func (b *body) finish(err error) {
	b.done, b.err = true, err
	if b.c.body == b {
		b.c.body = nil
	}
	if err == nil {
		b.c.conn.SetDeadline(time.Time{})
	}
}

// Close reads what is left of the body, so the session can go on.
func (b *body) Close() error {
	if !b.done {
		if _, err := io.Copy(io.Discard, b); err != nil {
			return err
		}
	}
	return b.err
}
