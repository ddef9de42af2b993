package cli

import (
	"context"
	"fmt"
	"slices"
	"text/tabwriter"
	"time"

	"wren/account"
	"wren/account/explain"
	"wren/account/imapsync"
	"wren/account/pop3sync"
	"wren/account/store"
	"wren/transport"
	"wren/transport/pop3"
)

type folderJSON struct {
	Account  string  `json:"account"`
	Name     string  `json:"name"`
	Messages int     `json:"messages"`
	New      int     `json:"new"`
	Bytes    int64   `json:"bytes"`
	Seconds  float64 `json:"seconds"`
}

type syncJSON struct {
	OK      bool                  `json:"ok"`
	Folders []folderJSON          `json:"folders"`
	Errors  []explain.Explanation `json:"errors"`
	Timings phases                `json:"timings"`
}

// phases is where a sync's time went, in seconds: connecting and logging
// in, waiting on the server, saving, and indexing what was saved (threads
// and the header index; search is ready when the sync returns). Fetch and
// store overlap, as may store and index, so they need not add up to the
// total.
type phases struct {
	Connect float64 `json:"connect"`
	Fetch   float64 `json:"fetch"`
	Store   float64 `json:"store"`
	Index   float64 `json:"index"`
	Total   float64 `json:"total"`
}

// syncCmd runs one full sync of every folder of one account or all.
func (c *cmdContext) syncCmd(args []string) int {
	fs := newFlagSet("wren sync", c.io.Stderr)
	c.g.register(fs)
	pos, err := parse(fs, args)
	if err != nil || len(pos) > 1 {
		return c.usageError(err, "usage: wren sync [ACCOUNT] [--json]")
	}
	name := ""
	if len(pos) == 1 {
		name = pos[0]
	}
	accts, err := c.accounts(name)
	if err != nil {
		return c.fail(err, "")
	}
	st, err := c.openStore()
	if err != nil {
		return c.fail(err, "")
	}
	defer st.Close()
	start := time.Now()
	out := syncJSON{OK: true, Folders: []folderJSON{}, Errors: []explain.Explanation{}}
	for i := range accts {
		a := &accts[i]
		var folders []folderJSON
		var err error
		switch a.Incoming.Protocol {
		case account.IMAP:
			folders, err = c.syncIMAP(a, st, &out.Timings)
		case account.POP3:
			folders, err = c.syncPOP3(a, st, &out.Timings)
		default:
			err = fmt.Errorf("account %s has no incoming server", a.Name)
		}
		out.Folders = append(out.Folders, folders...)
		if err != nil {
			out.OK = false
			out.Errors = append(out.Errors, explain.Explain(err, explain.Context{Operation: explain.OpRead}))
		}
		// What waits in the account's outbox goes out too, as the window
		// does on every check.
		if errs := c.flush(st, accts[i:i+1]); len(errs) > 0 {
			out.OK = false
			out.Errors = append(out.Errors, errs...)
		}
	}
	// Search is ready when the sync returns: what the sync stored is
	// threaded and put in the header index in one pass once the headers
	// are in, which writes each page once. (Built beside the sync instead,
	// passes shared the one writer with the headers, took as long in all
	// and wrote twice the bytes.)
	idx := time.Now()
	if _, err := st.CatchUpBulk(c.ctx); err != nil {
		out.OK = false
		out.Errors = append(out.Errors, explain.Explain(err, explain.Context{Operation: explain.OpRead}))
	}
	out.Timings.Index += time.Since(idx).Seconds()
	out.Timings.Total = time.Since(start).Seconds()
	code := 0
	if !out.OK {
		code = 1
	}
	if c.g.json {
		return c.printJSON(out, code)
	}
	tw := tabwriter.NewWriter(c.io.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACCOUNT\tFOLDER\tMESSAGES\tNEW\tBYTES\tSECONDS")
	for _, f := range out.Folders {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.2f\n", f.Account, f.Name, f.Messages, f.New, f.Bytes, f.Seconds)
	}
	tw.Flush()
	for _, e := range out.Errors {
		fmt.Fprintln(c.io.Stdout)
		explain.WriteText(c.io.Stdout, e)
	}
	return code
}

// syncIMAP syncs every folder of a; a connection the server ends in the
// middle (BYE, a drop, a timeout) is opened again with backoff and the
// sync goes on where it stopped, in the same run (errors.md: recover
// where a good client recovers).
func (c *cmdContext) syncIMAP(a *account.Account, st *store.Store, ph *phases) ([]folderJSON, error) {
	var out []folderJSON
	backoff := c.env.syncBackoff()
	for attempt := 0; ; attempt++ {
		res, err := c.syncIMAPOnce(a, st, ph)
		out = mergeFolders(out, res)
		if err == nil || !reconnectable(err) || attempt >= len(backoff) || c.ctx.Err() != nil {
			return out, err
		}
		c.io.Logger.Warn("the connection ended during the sync; connecting again", "account", a.Name,
			"code", string(transport.CodeOf(err)), "in", backoff[attempt])
		select {
		case <-time.After(backoff[attempt]):
		case <-c.ctx.Done():
			return out, err
		}
	}
}

// reconnectable is a failure a new connection may get past: the same
// rule the window's sync runner follows (imapsync.NeedsUser), for
// transport failures only (a store error is not the connection's).
func reconnectable(err error) bool {
	_, ok := transport.As(err)
	return ok && !imapsync.NeedsUser(err)
}

// mergeFolders adds one attempt's folder results to the earlier ones: the
// latest counts win, new messages add up.
func mergeFolders(have, more []folderJSON) []folderJSON {
	for _, f := range more {
		i := slices.IndexFunc(have, func(h folderJSON) bool { return h.Account == f.Account && h.Name == f.Name })
		if i < 0 {
			have = append(have, f)
			continue
		}
		f.New += have[i].New
		f.Seconds += have[i].Seconds
		have[i] = f
	}
	return have
}

func (c *cmdContext) syncIMAPOnce(a *account.Account, st *store.Store, ph *phases) ([]folderJSON, error) {
	ctx := c.ctx
	start := time.Now()
	conn, err := c.imapSession(a)
	ph.Connect += time.Since(start).Seconds()
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	e := &imapsync.Engine{Store: imapsync.OnStore(st, a.Name), Texts: 0, Logger: c.io.Logger, Exclusive: st.SyncTurn(a.Name)}
	res, err := e.Sync(ctx, conn)
	var out []folderJSON
	for _, r := range res {
		out = append(out, folderJSON{Account: a.Name, Name: r.Folder, Messages: r.Messages, New: r.New, Seconds: r.Duration.Seconds()})
		ph.Fetch += r.Fetch.Seconds()
		ph.Store += r.Store.Seconds()
		if r.Err != nil && err == nil {
			err = r.Err
		}
	}
	_ = conn.Logout(context.WithoutCancel(ctx))
	return out, err
}

func (c *cmdContext) syncPOP3(a *account.Account, st *store.Store, ph *phases) ([]folderJSON, error) {
	ctx := c.ctx
	s := a.Incoming
	start := time.Now()
	conn, err := pop3.Dial(ctx, s.Endpoint(), c.serverOptions(a, s))
	if err != nil {
		ph.Connect += time.Since(start).Seconds()
		return nil, err
	}
	defer conn.Close()
	err = c.login().LogIn(ctx, a, s, conn)
	ph.Connect += time.Since(start).Seconds()
	if err != nil {
		return nil, err
	}
	e := &pop3sync.Engine{Store: pop3sync.OnStore(st, a.Name), Options: a.POP3, Logger: c.io.Logger, Exclusive: st.SyncTurn(a.Name)}
	r, err := e.Sync(ctx, conn)
	return []folderJSON{{Account: a.Name, Name: "INBOX", Messages: r.OnServer, New: r.Downloaded, Bytes: r.Bytes, Seconds: time.Since(start).Seconds()}}, err
}
