package pop3

import (
	"context"
	"net/textproto"
	"strconv"

	"wren/transport"
)

// The transaction-state commands of RFC 1939 §5 with single-line or
// listing replies. Message bodies are in retr.go.

var (
	errWrongMsg  = textproto.ProtocolError("reply is about another message than asked")
	errDupUID    = textproto.ProtocolError("UIDL lists a unique-id twice")
	errDupNumber = textproto.ProtocolError("listing names a message twice")
)

// ready checks the state before a transaction command.
func (c *Client) ready(n ...MsgNum) error {
	if !c.authed {
		return ErrNotLoggedIn
	}
	for _, m := range n {
		if !m.valid() {
			return ErrBadArgument
		}
	}
	return nil
}

// Stat returns the number of messages and their total size in octets.
func (c *Client) Stat(ctx context.Context) (count int, size int64, err error) {
	if err := c.ready(); err != nil {
		return 0, 0, err
	}
	st, err := c.simple(ctx, transport.StepCommand, "STAT", "STAT")
	if err != nil {
		return 0, 0, err
	}
	count, size, err = parseStat([]byte(st.text))
	if err != nil {
		return 0, 0, transport.Classify(err, transport.ProtoPOP3, c.ep.Address(), transport.StepCommand)
	}
	return count, size, nil
}

// List returns the scan listing of every message not marked deleted.
func (c *Client) List(ctx context.Context) ([]Msg, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	var out []Msg
	seen := map[MsgNum]bool{}
	err := c.listing(ctx, "LIST", func(line []byte) error {
		m, err := parseScan(line)
		if err != nil {
			return &softError{err}
		}
		if seen[m.Num] {
			return &softError{errDupNumber}
		}
		seen[m.Num] = true
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ListOne returns the size of message n.
func (c *Client) ListOne(ctx context.Context, n MsgNum) (Msg, error) {
	if err := c.ready(n); err != nil {
		return Msg{}, err
	}
	st, err := c.simple(ctx, transport.StepCommand, "LIST", "LIST "+n.String())
	if err != nil {
		return Msg{}, err
	}
	m, err := parseScan([]byte(st.text))
	if err == nil && m.Num != n {
		err = errWrongMsg
	}
	if err != nil {
		return Msg{}, transport.Classify(err, transport.ProtoPOP3, c.ep.Address(), transport.StepCommand)
	}
	return m, nil
}

// UIDL returns the unique-id of every message not marked deleted. A server
// without UIDL gives POP-09.
func (c *Client) UIDL(ctx context.Context) ([]MsgUID, error) {
	if err := c.ready(); err != nil {
		return nil, err
	}
	var out []MsgUID
	seen := map[UID]bool{}
	nums := map[MsgNum]bool{}
	err := c.listing(ctx, "UIDL", func(line []byte) error {
		m, err := parseUIDLine(line)
		if err != nil {
			return &softError{err}
		}
		if seen[m.UID] {
			return &softError{errDupUID}
		}
		if nums[m.Num] {
			return &softError{errDupNumber}
		}
		seen[m.UID], nums[m.Num] = true, true
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UIDLOne returns the unique-id of message n.
func (c *Client) UIDLOne(ctx context.Context, n MsgNum) (MsgUID, error) {
	if err := c.ready(n); err != nil {
		return MsgUID{}, err
	}
	st, err := c.simple(ctx, transport.StepCommand, "UIDL", "UIDL "+n.String())
	if err != nil {
		return MsgUID{}, err
	}
	m, err := parseUIDLine([]byte(st.text))
	if err == nil && m.Num != n {
		err = errWrongMsg
	}
	if err != nil {
		return MsgUID{}, transport.Classify(err, transport.ProtoPOP3, c.ep.Address(), transport.StepCommand)
	}
	return m, nil
}

// listing sends verb and reads its multi-line reply within the transfer
// timeout, calling fn per line.
func (c *Client) listing(ctx context.Context, verb string, fn func([]byte) error) error {
	return c.round(ctx, transport.StepCommand, c.opts.Timeouts.Transfer, func() error {
		if err := c.send(verb, false); err != nil {
			return err
		}
		if _, err := c.reply(verb, false); err != nil {
			return err
		}
		return readListing(c.r, c.limits.MaxResponseLine, c.limits.MaxListing, fn)
	})
}

// Dele marks message n deleted; Quit commits it, Rset and Close undo it.
func (c *Client) Dele(ctx context.Context, n MsgNum) error {
	if err := c.ready(n); err != nil {
		return err
	}
	_, err := c.simple(ctx, transport.StepCommand, "DELE", "DELE "+n.String())
	return err
}

// Rset unmarks every message marked deleted in this session.
func (c *Client) Rset(ctx context.Context) error {
	if err := c.ready(); err != nil {
		return err
	}
	_, err := c.simple(ctx, transport.StepCommand, "RSET", "RSET")
	return err
}

// Noop keeps the session alive and checks that it still is.
func (c *Client) Noop(ctx context.Context) error {
	if err := c.ready(); err != nil {
		return err
	}
	_, err := c.simple(ctx, transport.StepCommand, "NOOP", "NOOP")
	return err
}

func itoa(n int) string { return strconv.Itoa(n) }
