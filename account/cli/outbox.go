package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"wren/account"
	"wren/account/explain"
	"wren/account/outbox"
	"wren/account/render"
	"wren/account/store"
)

// outboxItemJSON is one outbox message for `wren outbox --json`.
type outboxItemJSON struct {
	ID        int64                 `json:"id"`
	Account   string                `json:"account"`
	State     string                `json:"state"`
	Attempts  int                   `json:"attempts"`
	Subject   string                `json:"subject"`
	From      string                `json:"from"`
	To        []string              `json:"to"`
	MessageID string                `json:"message_id"`
	Due       time.Time             `json:"due"`
	SentCopy  bool                  `json:"sent_copy"`
	Errors    []explain.Explanation `json:"errors"`
}

type outboxJSON struct {
	OK       bool                  `json:"ok"`
	Messages []outboxItemJSON      `json:"messages"`
	Errors   []explain.Explanation `json:"errors"`
}

// states in the order `wren outbox` lists them: what needs the user
// first.
var outboxStates = []outbox.State{outbox.Unknown, outbox.Failed, outbox.Sending, outbox.Queued, outbox.Sent}

// outboxCmd lists the outbox, retries or removes a message.
func (c *cmdContext) outboxCmd(args []string) int {
	sub := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	fs := newFlagSet("wren outbox "+sub, c.io.Stderr)
	c.g.register(fs)
	all := fs.Bool("all", false, "every failed or may-have-been-sent message (retry)")
	accepted := fs.Bool("to-accepted", false, "send a message refused for some recipients to the others (retry)")
	pos, err := parse(fs, args)
	usage := "usage: wren outbox [--json] | wren outbox retry ID|--all [--to-accepted] [--json] | wren outbox remove ID [--json]"
	if err != nil {
		return c.usageError(err, usage)
	}
	var id int64
	switch {
	case sub == "list" && len(pos) == 0:
	case sub == "retry" && *all && len(pos) == 0:
	case (sub == "retry" || sub == "remove") && len(pos) == 1 && !*all:
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return c.usageError(nil, usage)
		}
	default:
		return c.usageError(nil, usage)
	}
	st, err := c.openStore()
	if err != nil {
		return c.fail(err, "")
	}
	defer st.Close()
	out := outboxJSON{OK: true, Messages: []outboxItemJSON{}, Errors: []explain.Explanation{}}
	switch sub {
	case "remove":
		if _, err := outbox.OnStore(st).Get(c.ctx, id); err != nil {
			return c.fail(fmt.Errorf("no message %d in the outbox: %w", id, err), "")
		}
		if err := outbox.Discard(c.ctx, outbox.OnStore(st), id); err != nil {
			return c.fail(err, "")
		}
	case "retry":
		ids := []int64{id}
		if *all {
			ids = nil
			for _, s := range []outbox.State{outbox.Failed, outbox.Unknown} {
				items, err := outbox.OnStore(st).InState(c.ctx, s)
				if err != nil {
					return c.fail(err, "")
				}
				for _, it := range items {
					ids = append(ids, it.ID)
				}
			}
		}
		if err := c.retry(st, ids, *accepted); err != nil {
			return c.fail(err, "")
		}
	}
	items, err := listOutbox(c, st)
	if err != nil {
		return c.fail(err, "")
	}
	for _, it := range items {
		j := itemJSON(it)
		if sub == "retry" && (it.State == outbox.Failed || it.State == outbox.Unknown) && (id == 0 || it.ID == id) {
			out.OK = false
		}
		out.Messages = append(out.Messages, j)
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

// retry puts the messages back in their accounts' queues and sends them
// now, each through its own account.
func (c *cmdContext) retry(st *store.Store, ids []int64, toAccepted bool) error {
	accts, err := c.accounts("")
	if err != nil {
		return err
	}
	byName := map[string]*account.Account{}
	for i := range accts {
		byName[accts[i].Name] = &accts[i]
	}
	touched := map[string]bool{}
	for _, id := range ids {
		it, err := outbox.OnStore(st).Get(c.ctx, id)
		if err != nil {
			return fmt.Errorf("no message %d in the outbox: %w", id, err)
		}
		a := byName[it.Account]
		if a == nil {
			return fmt.Errorf("message %d: %w: %s", id, account.ErrNoAccount, it.Account)
		}
		if toAccepted {
			if err := c.outboxOf(a, st).SendToAccepted(c.ctx, id); err != nil {
				return err
			}
			touched[a.Name] = true
			continue
		}
		if err := c.outboxOf(a, st).Retry(c.ctx, id); errors.Is(err, outbox.ErrFoundInSent) {
			fmt.Fprintf(c.io.Stderr, "Message %d is already in the Sent folder of %s: it was sent, and is not sent again.\n", id, a.Name)
			continue
		} else if err != nil {
			return err
		}
		touched[a.Name] = true
	}
	for name := range touched {
		if _, err := c.outboxOf(byName[name], st).RunOnce(c.ctx); err != nil {
			return err
		}
	}
	return nil
}

// flush sends every due message of accts, each through its own account,
// and files missing Sent copies; it returns the explanations of what
// failed.
func (c *cmdContext) flush(st *store.Store, accts []account.Account) []explain.Explanation {
	var out []explain.Explanation
	for i := range accts {
		items, err := c.outboxOf(&accts[i], st).RunOnce(c.ctx)
		if err != nil {
			out = append(out, explain.Explain(err, explain.Context{Operation: explain.OpSend}))
		}
		for _, it := range items {
			if it.State != outbox.Sent || it.Err != nil {
				out = append(out, explain.ExplainAll([]error{it.Err}, explain.Context{Operation: explain.OpSend})...)
			}
		}
	}
	return out
}

func listOutbox(c *cmdContext, st *store.Store) ([]outbox.Item, error) {
	var out []outbox.Item
	for _, s := range outboxStates {
		items, err := outbox.OnStore(st).InState(c.ctx, s)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	return out, nil
}

func itemJSON(it outbox.Item) outboxItemJSON {
	return outboxItemJSON{
		ID: it.ID, Account: it.Account, State: string(it.State), Attempts: it.Attempts,
		Subject: safeLine(it.Subject()), From: it.From, To: append([]string{}, it.To...), MessageID: it.MessageID,
		Due: it.Due, SentCopy: it.SentCopy,
		Errors: append([]explain.Explanation{}, explain.ExplainAll([]error{it.Err}, explain.Context{Operation: explain.OpSend})...),
	}
}

// safeLine is a name or subject for the terminal: one line, with bidi
// and invisible characters shown as marks, as in the window.
func safeLine(s string) string {
	return render.SafeText(strings.Join(strings.Fields(s), " "))
}

func printOutbox(c *cmdContext, out outboxJSON) {
	if len(out.Messages) == 0 {
		fmt.Fprintln(c.io.Stdout, "The outbox is empty.")
		return
	}
	tw := tabwriter.NewWriter(c.io.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tACCOUNT\tSTATE\tATTEMPTS\tSUBJECT")
	for _, m := range out.Messages {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", m.ID, m.Account, stateWords(m.State), m.Attempts, m.Subject)
	}
	tw.Flush()
	for _, m := range out.Messages {
		for _, e := range m.Errors {
			fmt.Fprintf(c.io.Stdout, "\nMessage %d:\n", m.ID)
			explain.WriteText(c.io.Stdout, e)
		}
	}
}

func stateWords(s string) string {
	switch outbox.State(s) {
	case outbox.Unknown:
		return "may have been sent"
	case outbox.Failed:
		return "not sent"
	}
	return s
}
