package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"wren/account"
	"wren/account/explain"
	"wren/account/imapsync"
	"wren/account/mailfile"
	"wren/account/store"
	"wren/account/transfer"
	"wren/transport/imap"
)

// transferJSON is what `wren import` and `wren export --json` print.
type transferJSON struct {
	OK         bool                  `json:"ok"`
	Account    string                `json:"account"`
	Folder     string                `json:"folder"`
	Read       int                   `json:"read"`
	Imported   int                   `json:"imported"` // written, for an export
	Duplicates int                   `json:"duplicates"`
	Damage     []damageJSON          `json:"damage"`
	Seconds    float64               `json:"seconds"`
	Errors     []explain.Explanation `json:"errors"`
}

// damageJSON is where a file could not be read.
type damageJSON struct {
	Path      string `json:"path"`
	Offset    int64  `json:"offset"`
	Line      int    `json:"line"`
	Reason    string `json:"reason"`
	ReadPast  bool   `json:"read_past"`
	ErrorText string `json:"error"`
}

// importCmd is `wren import FILE|DIR --folder F [--account A]`.
func (c *cmdContext) importCmd(args []string) int {
	const usage = "usage: wren import FILE|DIR --folder FOLDER [--account NAME] [--format mboxrd|mboxo] [--json]"
	fs := newFlagSet("wren import", c.io.Stderr)
	c.g.register(fs)
	folder := fs.String("folder", "", "import into `FOLDER` (created when missing)")
	tf := transferFlags(fs)
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 || strings.TrimSpace(*folder) == "" {
		return c.usageError(err, usage)
	}
	a, f, code := c.transferSetup(tf, usage)
	if a == nil {
		return code
	}
	parts, err := transfer.Parts(pos[0], f, nil)
	if err != nil {
		return c.fail(err, "")
	}
	st, err := c.openStore()
	if err != nil {
		return c.fail(err, "")
	}
	defer st.Close()
	var res transfer.Result
	switch a.Incoming.Protocol {
	case account.POP3:
		res, err = transfer.ImportParts(c.ctx, parts, *folder, "/", func(name string) transfer.Dest {
			return transfer.Local{Store: st, Account: a.Name, Folder: name}
		}, transfer.Options{})
	case account.IMAP:
		res, err = c.upload(a, st, parts, *folder)
	default:
		err = fmt.Errorf("account %s has no incoming server", a.Name)
	}
	return c.printTransfer(a.Name, *folder, res, err)
}

// upload imports into an IMAP folder, then syncs so the messages are in
// the store (and the window) at once.
func (c *cmdContext) upload(a *account.Account, st *store.Store, parts []transfer.Part, folder string) (transfer.Result, error) {
	conn, err := c.imapSession(a)
	if err != nil {
		return transfer.Result{}, err
	}
	defer conn.Close()
	res, err := transfer.Upload(c.ctx, conn, parts, folder, transfer.Options{})
	if res.Imported > 0 {
		// A full sync: the new folder may not be in the store's list yet.
		e := &imapsync.Engine{Store: imapsync.OnStore(st, a.Name), Logger: c.io.Logger, Exclusive: st.SyncTurn(a.Name)}
		if _, serr := e.Sync(c.ctx, conn); serr != nil && err == nil {
			err = serr
		}
	}
	_ = conn.Logout(context.WithoutCancel(c.ctx))
	return res, err
}

// exportCmd is `wren export FOLDER --mbox FILE|--eml DIR [--account A]`.
func (c *cmdContext) exportCmd(args []string) int {
	const usage = "usage: wren export FOLDER (--mbox FILE | --eml DIR) [--account NAME] [--format mboxrd|mboxo] [--json]"
	fs := newFlagSet("wren export", c.io.Stderr)
	c.g.register(fs)
	mbox := fs.String("mbox", "", "write an mbox `FILE` (a new file)")
	eml := fs.String("eml", "", "write one .eml file per message into `DIR`")
	tf := transferFlags(fs)
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 || (*mbox == "") == (*eml == "") {
		return c.usageError(err, usage)
	}
	a, f, code := c.transferSetup(tf, usage)
	if a == nil {
		return code
	}
	folder := pos[0]
	var sink transfer.Sink
	finish := func() error { return nil }
	if *mbox != "" {
		out, err := transfer.Create(*mbox)
		if err != nil {
			return c.fail(err, "")
		}
		var flush func() error
		sink, flush = transfer.MboxSink(out, f)
		finish = func() error { return out.Done(flush()) }
		defer out.Abandon()
	} else {
		if err := os.MkdirAll(*eml, 0o700); err != nil {
			return c.fail(fmt.Errorf("export folder: %w", err), "")
		}
		sink = transfer.EMLSink(*eml)
	}
	var res transfer.Result
	switch a.Incoming.Protocol {
	case account.POP3:
		st, err2 := c.openStore()
		if err2 != nil {
			return c.fail(err2, "")
		}
		defer st.Close()
		res, err = transfer.ExportLocal(c.ctx, st, a.Name, folder, sink)
	case account.IMAP:
		var conn *imap.Client
		if conn, err = c.imapSession(a); err == nil {
			res, err = transfer.ExportIMAP(c.ctx, conn, folder, sink, nil)
			_ = conn.Logout(context.WithoutCancel(c.ctx))
			conn.Close()
		}
	default:
		err = fmt.Errorf("account %s has no incoming server", a.Name)
	}
	// The mbox is kept when the export finished, or stopped at a message
	// a local folder lacks (the rest is whole).
	if err == nil || errors.Is(err, transfer.ErrNotWhole) {
		if ferr := finish(); ferr != nil && err == nil {
			err = ferr
		}
	}
	return c.printTransfer(a.Name, folder, res, err)
}

// transferOptions are the options import and export share.
type transferOptions struct{ account, format *string }

func transferFlags(fs *flag.FlagSet) transferOptions {
	return transferOptions{
		account: fs.String("account", "", "the account `NAME` (needed when there are several)"),
		format:  fs.String("format", "mboxrd", "the mbox dialect: mboxrd, or mboxo (Thunderbird's folder files)"),
	}
}

// transferSetup reads the shared options: the account and the mbox
// format, or (nil, exit code) after saying what is wrong.
func (c *cmdContext) transferSetup(o transferOptions, usage string) (*account.Account, mailfile.Format, int) {
	f, err := mailfile.ParseFormat(*o.format)
	if err != nil {
		return nil, 0, c.usageError(nil, usage)
	}
	a, err := c.oneAccount(*o.account)
	if err != nil {
		return nil, 0, c.fail(err, "")
	}
	return a, f, 0
}

// oneAccount is the named account, or the only one.
func (c *cmdContext) oneAccount(name string) (*account.Account, error) {
	accts, err := c.accounts(name)
	if err != nil {
		return nil, err
	}
	if len(accts) != 1 {
		return nil, fmt.Errorf("there are %d accounts: name one with --account", len(accts))
	}
	return &accts[0], nil
}

// imapSession is a logged-in session with a's incoming server.
func (c *cmdContext) imapSession(a *account.Account) (*imap.Client, error) {
	s := a.Incoming
	conn, err := imap.Dial(c.ctx, s.Endpoint(), c.serverOptions(a, s))
	if err != nil {
		return nil, err
	}
	if err := c.login().LogIn(c.ctx, a, s, conn); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

// printTransfer reports an import or export: damage and failures named,
// what was done counted; exit 1 when anything was left out.
func (c *cmdContext) printTransfer(acct, folder string, res transfer.Result, err error) int {
	out := transferJSON{OK: err == nil && len(res.Damage) == 0, Account: acct, Folder: folder, Read: res.Read,
		Imported: res.Imported, Duplicates: res.Duplicates, Damage: []damageJSON{}, Seconds: res.Seconds,
		Errors: []explain.Explanation{}}
	for _, d := range res.Damage {
		out.Damage = append(out.Damage, damageJSON{Path: d.Path, Offset: d.Offset, Line: d.Line, Reason: d.Reason,
			ReadPast: d.Resumable, ErrorText: d.Error()})
	}
	if err != nil {
		out.Errors = explain.ExplainAll([]error{err}, explain.Context{})
	}
	code := 0
	if !out.OK {
		code = 1
	}
	if c.g.json {
		return c.printJSON(out, code)
	}
	fmt.Fprintf(c.io.Stdout, "%s / %s: %d read, %d done, %d already there, in %.1f s\n",
		safeLine(acct), safeLine(folder), out.Read, out.Imported, out.Duplicates, out.Seconds)
	for _, d := range res.Damage {
		fmt.Fprintf(c.io.Stdout, "  damaged: %s\n", safeLine(d.Error()))
	}
	if err != nil {
		explain.WriteText(c.io.Stderr, out.Errors...)
	}
	return code
}
