package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"time"

	"wren/account"
	"wren/account/compose"
	"wren/account/explain"
	"wren/account/outbox"
	"wren/transport"
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
	raw, err := c.readMessage(pos[0])
	if err != nil {
		return c.fail(err, "")
	}
	msg, err := rfc822.Parse(bytes.NewReader(raw), rfc822.Limits{})
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
	raw, id := prepare(raw, msg, a.Address)

	st, err := c.openStore()
	if err != nil {
		return c.fail(err, "")
	}
	defer st.Close()
	ob := c.outboxOf(a, st)
	out := sendJSON{MessageID: id, Errors: []explain.Explanation{}}
	qid, err := ob.Queue(c.ctx, outbox.Item{Account: a.Name, From: msg.From[0].Address, To: rcpts, Raw: raw, MessageID: id}, 0)
	if err != nil {
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

func (c *cmdContext) readMessage(name string) ([]byte, error) {
	var r io.Reader = c.io.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSendFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxSendFile {
		return nil, &transport.Error{Code: transport.CodeMessageTooBig, Protocol: transport.ProtoSMTP, Step: transport.StepPrecheck,
			ServerText: fmt.Sprintf("SIZE %d", maxSendFile), Retry: transport.RetryNo,
			Err: fmt.Errorf("the message is larger than Wren sends (%d MiB)", maxSendFile>>20)}
	}
	return b, nil
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
