package pop3

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"wren/transport"
)

// TopWindow and RetrWindow are how many commands TopMany and RetrMany
// keep in flight when the server offers PIPELINING (RFC 2449): enough to
// hide the round trip, few enough that the command bytes (under 5 KB)
// never fill a socket buffer, so writing and reading on one goroutine
// cannot deadlock. TOP replies are small: a deeper queue keeps the server
// busy while the client works on what arrived (a listing of 10k headers
// ran about a tenth faster at 256 than at 64), and the replies still in
// flight after an error cost little to skip. RETR replies are whole
// messages, and skipping 64 of them is already a lot.
const (
	TopWindow  = 256
	RetrWindow = 64
)

// TopMany runs TOP n lines for every n in nums and calls fn with each
// reply's text (header and the first lines of body), in order. With
// PIPELINING the commands are written a window ahead of the replies;
// without it they go one at a time. fn must read what it needs before
// returning (the rest is skipped). A -ERR for one message stops the run
// once the replies in flight are read (the session stays usable) and is
// returned like Top's; an error from fn stops it the same way and is
// returned as it is. Every reply is bounded like Top's and must arrive
// within the command timeout; ctx bounds the whole run.
func (c *Client) TopMany(ctx context.Context, nums []MsgNum, lines int, fn func(MsgNum, io.Reader) error) error {
	if lines < 0 {
		return ErrBadArgument
	}
	arg := " " + itoa(lines)
	return c.many(ctx, "TOP", TopWindow, nums, func(n MsgNum) string { return "TOP " + n.String() + arg }, fn)
}

// RetrMany is TopMany for whole messages (RETR).
func (c *Client) RetrMany(ctx context.Context, nums []MsgNum, fn func(MsgNum, io.Reader) error) error {
	return c.many(ctx, "RETR", RetrWindow, nums, func(n MsgNum) string { return "RETR " + n.String() }, fn)
}

// Pipelining reports whether TopMany and RetrMany run ahead of replies.
func (c *Client) Pipelining() bool { return c.caps.Has("PIPELINING") }

func (c *Client) many(ctx context.Context, verb string, depth int, nums []MsgNum, line func(MsgNum) string, fn func(MsgNum, io.Reader) error) error {
	if err := c.ready(nums...); err != nil {
		return err
	}
	if len(nums) == 0 {
		return nil
	}
	window := 1
	if c.Pipelining() {
		window = depth
	}
	var fnErr error
	err := c.round(ctx, transport.StepFetch, c.opts.Timeouts.Command, func() error {
		w := bufio.NewWriterSize(c.conn, 4<<10)
		var replyErr error
		sent, done := 0, 0
		for {
			// Refill once half the window is answered: fewer, fuller writes.
			if fnErr == nil && replyErr == nil && sent-done <= window/2 {
				for sent < len(nums) && sent-done < window {
					c.queue(w, line(nums[sent]))
					sent++
				}
				if err := w.Flush(); err != nil {
					return err
				}
			}
			if done == sent {
				return replyErr
			}
			c.conn.SetDeadline(transport.Deadline(ctx, c.opts.Timeouts.Command))
			n := nums[done]
			done++
			if _, err := c.reply(verb, false); err != nil {
				var soft *softError
				if !errors.As(err, &soft) {
					return err
				}
				if replyErr == nil {
					replyErr = err
				}
				continue
			}
			d := newDotReader(c.r, c.limits.MaxMessageLine, c.limits.MaxMessage)
			if fnErr == nil {
				fnErr = fn(n, d)
			}
			// What fn left unread is skipped, keeping replies in step.
			if _, err := io.Copy(io.Discard, d); err != nil {
				return err
			}
		}
	})
	if err != nil {
		return err
	}
	return fnErr
}

// queue writes one command line into w, echoing it to the debug
// transcript like send.
func (c *Client) queue(w *bufio.Writer, line string) {
	if c.opts.Debug != nil {
		fmt.Fprintf(c.opts.Debug, "C: %s\n", line)
	}
	w.WriteString(line)
	w.WriteString("\r\n")
}
