package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"wren/account"
	"wren/account/compose"
	"wren/account/explain"
	"wren/account/outbox"
	"wren/transport/rfc822"
)

// maxSendFile bounds a message read for sending.
const maxSendFile = 64 << 20

type sendJSON struct {
	State     string                `json:"state"`
	MessageID string                `json:"message_id"`
	Errors    []explain.Explanation `json:"errors"`
}

// sendCmd queues a message through the outbox and waits for the outcome.
func (c *cmdContext) sendCmd(args []string) int {
	fs := newFlagSet("wren send", c.io.Stderr)
	c.g.register(fs)
	acctName := fs.String("account", "", "send from the account `NAME` (default: the one matching From)")
	asAlias := fs.Bool("as-alias", false, "send even though From is none of the account's identities (an alias the server accepts)")
	flush := fs.Bool("flush", false, "send every due message of the outbox, each through its own account")
	pos, err := parse(fs, args)
	if err == nil && *flush && len(pos) == 0 {
		return c.flushCmd(*acctName)
	}
	if err != nil || len(pos) != 1 || *flush {
		return c.usageError(err, "usage: wren send [--account NAME] [--as-alias] [--json] FILE.eml|- | wren send --flush [--account NAME] [--json]")
	}
	in, err := c.openMessage(pos[0])
	if err != nil {
		return c.fail(err, "")
	}
	defer in.Close()
	// Only the header is read into memory; the body goes from the input
	// to the outbox file in pieces (a message is never held whole).
	br := bufio.NewReaderSize(in, 64<<10)
	head, err := readHeader(br)
	if err != nil {
		return c.fail(fmt.Errorf("the message cannot be read: %w", err), "")
	}
	msg, err := rfc822.Parse(bytes.NewReader(head), rfc822.Limits{})
	if err != nil {
		return c.fail(fmt.Errorf("the message cannot be read: %w", err), "")
	}
	if len(msg.From) == 0 {
		return c.fail(fmt.Errorf("the message has no From"), "")
	}
	// Every recipient must be an address before anything is queued: an
	// entry that does not parse is named, never sent as "RCPT TO:<>".
	rcpts, err := compose.CheckRecipients(msg.To, msg.Cc, msg.Bcc)
	if err != nil {
		return c.fail(err, "")
	}
	accts, err := c.accounts(*acctName)
	if err != nil {
		return c.fail(err, "")
	}
	a, err := pickAccount(accts, msg.From[0].Address, *acctName != "", *asAlias)
	if err != nil {
		return c.fail(err, "")
	}
	head, id := prepareHeader(head, msg, a.Address)

	st, err := c.openStore()
	if err != nil {
		return c.fail(err, "")
	}
	defer st.Close()
	file, _, err := outbox.WriteMessage(st, func(w io.Writer) error {
		if _, err := w.Write(head); err != nil {
			return err
		}
		return copyBody(w, br, int64(len(head)), maxSendFile)
	})
	if err != nil {
		return c.fail(err, "")
	}
	ob := c.outboxOf(a, st)
	out := sendJSON{MessageID: id, Errors: []explain.Explanation{}}
	qid, err := ob.Queue(c.ctx, outbox.Item{Account: a.Name, From: msg.From[0].Address, To: rcpts, File: file, MessageID: id}, 0)
	if err != nil {
		os.Remove(file)
		return c.fail(err, "")
	}
	if _, err := ob.RunOnce(c.ctx); err != nil {
		out.Errors = append(out.Errors, explain.Explain(err, explain.Context{Operation: explain.OpSend}))
	}
	it, err := ob.Store.Get(c.ctx, qid)
	if err != nil {
		return c.fail(err, "")
	}
	out.State = string(it.State)
	// One explanation per failure the message met: several recipients
	// refused are each named with the server's reply.
	out.Errors = append(out.Errors, explain.ExplainAll([]error{it.Err}, explain.Context{Operation: explain.OpSend})...)
	code := 0
	if it.State != outbox.Sent {
		code = 1
	}
	if c.g.json {
		return c.printJSON(out, code)
	}
	switch it.State {
	case outbox.Sent:
		fmt.Fprintf(c.io.Stdout, "Sent <%s>.\n", id)
	case outbox.Queued:
		fmt.Fprintf(c.io.Stdout, "Not sent yet; it stays in the outbox and Wren tries again at %s.\n", it.Due.Format(time.Kitchen))
	default:
		fmt.Fprintf(c.io.Stdout, "Not sent (%s); the message is kept in the outbox.\n", it.State)
	}
	for _, e := range out.Errors {
		fmt.Fprintln(c.io.Stdout)
		explain.WriteText(c.io.Stdout, e)
	}
	return code
}

// openMessage opens the message file to send, or standard input for "-".
func (c *cmdContext) openMessage(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(c.io.Stdin), nil
	}
	return os.Open(name)
}

// pickAccount chooses the account that sends as from: the one --account
// named, else the one with from among its identities. A From that is no
// identity of the account is refused (SEND-22) unless the user confirmed
// it as an alias; with several accounts and no match, the user must name
// one.
func pickAccount(accts []account.Account, from string, named, asAlias bool) (*account.Account, error) {
	if len(accts) == 0 {
		return nil, account.ErrNoAccount
	}
	if named || len(accts) == 1 {
		if a := &accts[0]; asAlias || compose.SendsAs(*a, from) {
			return a, nil
		}
		return nil, compose.NotIdentity(from, accts[0].Name)
	}
	for i := range accts {
		if compose.SendsAs(accts[i], from) {
			return &accts[i], nil
		}
	}
	return nil, fmt.Errorf("%w; choose the account with --account", compose.NotIdentity(from, "any"))
}

// flushCmd is `wren send --flush`: every due message goes out through its
// own account, interrupted ones having been marked when the store opened.
func (c *cmdContext) flushCmd(name string) int {
	accts, err := c.accounts(name)
	if err != nil {
		return c.fail(err, "")
	}
	st, err := c.openStore()
	if err != nil {
		return c.fail(err, "")
	}
	defer st.Close()
	out := outboxJSON{OK: true, Messages: []outboxItemJSON{}, Errors: c.flush(st, accts)}
	if out.Errors == nil {
		out.Errors = []explain.Explanation{}
	}
	out.OK = len(out.Errors) == 0
	items, err := listOutbox(c, st)
	if err != nil {
		return c.fail(err, "")
	}
	for _, it := range items {
		out.Messages = append(out.Messages, itemJSON(it))
	}
	code := 0
	if !out.OK {
		code = 1
	}
	if c.g.json {
		return c.printJSON(out, code)
	}
	printOutbox(c, out)
	return code
}
