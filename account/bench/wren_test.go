package bench

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"wren/account"
	"wren/account/imapsync"
	"wren/account/pop3sync"
	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/rfc822"
	"wren/transport/smtp"
	"wren/transport/testserver"
)

// benchAccount is the store's name for the benchmark account.
const benchAccount = "bench"

// coldSync is the first header sync into an empty store and, measured
// within it, how long until the newest 50 rows can be listed.
type coldSync struct {
	Total, First50 time.Duration
	Peak           int64
}

func imapLogin(ctx context.Context, srv *testserver.Servers, u testserver.User) (*imap.Client, error) {
	c, err := imap.Dial(ctx, srv.IMAPTLS, srv.Options())
	if err != nil {
		return nil, err
	}
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// inboxNew is the number of headers a sync fetched for INBOX.
func inboxNew(res []imapsync.FolderResult) (int, error) {
	for _, r := range res {
		if r.Err != nil {
			return 0, r.Err
		}
	}
	for _, r := range res {
		if r.Folder == "INBOX" {
			return r.New, nil
		}
	}
	return 0, fmt.Errorf("no INBOX in the sync results")
}

// wrenColdSync syncs u's mailbox into st. The first saved batch signals
// a lister, which then lists the newest 50 while the sync goes on, as
// the window would.
func wrenColdSync(ctx context.Context, srv *testserver.Servers, u testserver.User, st *store.Store, n int) (coldSync, error) {
	var out coldSync
	c, err := imapLogin(ctx, srv, u)
	if err != nil {
		return out, err
	}
	defer c.Close()
	if err := ResetPeakRSS(); err != nil {
		return out, err
	}
	first := make(chan struct{})
	type listed struct {
		at  time.Duration
		err error
	}
	got := make(chan listed, 1)
	start := time.Now()
	go func() {
		select {
		case <-first:
		case <-ctx.Done():
			got <- listed{err: ctx.Err()}
			return
		}
		p, err := st.List(ctx, benchAccount, "INBOX", store.ListOptions{Limit: 50})
		if err == nil && len(p.Messages) != min(50, n) {
			err = fmt.Errorf("the first list after the first batch has %d rows", len(p.Messages))
		}
		got <- listed{at: time.Since(start), err: err}
	}()
	signalled := false
	e := &imapsync.Engine{Store: imapsync.OnStore(st, benchAccount), OnProgress: func(imapsync.Progress) {
		if !signalled {
			signalled = true
			close(first)
		}
	}}
	res, err := e.Sync(ctx, c)
	out.Total = time.Since(start)
	if err != nil {
		return out, err
	}
	if out.Peak, err = PeakRSS(); err != nil {
		return out, err
	}
	if got, err := inboxNew(res); err != nil || got != n {
		return out, fmt.Errorf("cold sync fetched %d of %d headers (%v)", got, n, err)
	}
	l := <-got
	out.First50 = l.at
	return out, l.err
}

// wrenResync syncs again with nothing changed on the server.
func wrenResync(ctx context.Context, srv *testserver.Servers, u testserver.User, st *store.Store) (time.Duration, error) {
	c, err := imapLogin(ctx, srv, u)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	e := &imapsync.Engine{Store: imapsync.OnStore(st, benchAccount)}
	start := time.Now()
	res, err := e.Sync(ctx, c)
	el := time.Since(start)
	if err != nil {
		return 0, err
	}
	if got, err := inboxNew(res); err != nil || got != 0 {
		return 0, fmt.Errorf("unchanged resync fetched %d headers (%v)", got, err)
	}
	return el, nil
}

// searchQueries is the fixed query set: senders, subjects, non-ASCII
// names, filters and combinations over the generated corpus.
var searchQueries = []string{
	"budget", "from:anna", "subject:flight", "from:priya has:attachment", "is:unread", "Müller",
	"Дмитрий", "seed", "after:2026-01-01 invoice", `"photos from the hike"`, "is:flagged", "from:tom subject:interview",
}

// wrenSearch runs every query rounds times and returns the median
// duration.
func wrenSearch(ctx context.Context, st *store.Store, rounds int) (time.Duration, error) {
	var ds []time.Duration
	hits := 0
	for range rounds {
		for _, q := range searchQueries {
			start := time.Now()
			p, err := st.Search(ctx, q, store.SearchOptions{})
			ds = append(ds, time.Since(start))
			if err != nil {
				return 0, fmt.Errorf("search %q: %w", q, err)
			}
			hits += len(p.Messages)
		}
	}
	if hits == 0 {
		return 0, fmt.Errorf("no query found anything")
	}
	slices.Sort(ds)
	return ds[len(ds)/2], nil
}

// pop3Run is a POP3 sync into an empty store: the time until every header
// row is listed (the figure), and until every source is kept.
type pop3Run struct {
	Listed, Total time.Duration
	Peak          int64
}

// wrenPOP3 downloads u's maildrop with pop3sync into st, leaving the mail
// on the server; listOnly stops the session once every header row is
// listed (Total is then unset).
func wrenPOP3(ctx context.Context, srv *testserver.Servers, u testserver.User, st *store.Store, n int, listOnly bool) (pop3Run, error) {
	var out pop3Run
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, err := pop3.Dial(ctx, srv.POP3TLS, srv.Options())
	if err != nil {
		return out, err
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		return out, err
	}
	if err := ResetPeakRSS(); err != nil {
		return out, err
	}
	start := time.Now()
	listed := 0
	e := &pop3sync.Engine{Store: pop3sync.OnStore(st, benchAccount), Options: account.POP3Options{LeaveOnServer: true},
		OnListed: func() {
			out.Listed = time.Since(start)
			if listOnly {
				if f, err := st.Folder(ctx, benchAccount, store.POP3Inbox); err == nil {
					listed = f.Total
				}
				cancel()
			}
		}}
	r, err := e.Sync(ctx, c)
	if listOnly {
		if listed != n {
			return out, fmt.Errorf("pop3sync listed %d of %d (%v)", listed, n, err)
		}
		out.Peak, err = PeakRSS()
		return out, err
	}
	out.Total = time.Since(start)
	if err != nil {
		return out, err
	}
	if r.Listed != n || r.Downloaded != n || r.Deleted != 0 {
		return out, fmt.Errorf("pop3sync listed %d and downloaded %d of %d, deleted %d", r.Listed, r.Downloaded, n, r.Deleted)
	}
	out.Peak, err = PeakRSS()
	return out, err
}

// wrenSMTP submits msgs through Wren's SMTP client in one session.
func wrenSMTP(ctx context.Context, srv *testserver.Servers, u testserver.User, rcpt string, msgs [][]byte) (time.Duration, int64, error) {
	c, err := smtp.Dial(ctx, srv.SubmitTLS, srv.Options())
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		return 0, 0, err
	}
	if err := ResetPeakRSS(); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	for _, m := range msgs {
		env := smtp.Envelope{From: u.Address, To: []string{rcpt}}
		if _, err := c.Send(ctx, env, int64(len(m)), bytes.NewReader(m), smtp.SendOptions{}); err != nil {
			return 0, 0, err
		}
	}
	el := time.Since(start)
	peak, err := PeakRSS()
	if err != nil {
		return 0, 0, err
	}
	return el, peak, c.Quit(ctx)
}

// outgoing builds count messages of about size bytes each.
func outgoing(from, to string, count, size int) ([][]byte, error) {
	line := "The quarterly figures are attached below; please check the totals before Friday.\n"
	text := strings.Repeat(line, size/len(line))
	out := make([][]byte, count)
	for i := range out {
		var b bytes.Buffer
		d := rfc822.Draft{
			From: rfc822.Address{Name: "Sam Taylor", Address: from}, To: []rfc822.Address{{Name: "Zoë Müller", Address: to}},
			Subject: fmt.Sprintf("Bench message %d — Überprüfung", i), Date: corpusNow.Add(time.Duration(i) * time.Minute), Text: text,
		}
		if err := rfc822.Build(&b, d); err != nil {
			return nil, err
		}
		out[i] = b.Bytes()
	}
	return out, nil
}

// discardHeaders is a pop3sync.Store that keeps nothing and counts the
// headers it is given: the listing without the store's work, to show
// what storing the rows costs.
type discardHeaders struct{ saved atomic.Int64 }

func (d *discardHeaders) Downloaded(context.Context) (map[string]time.Time, error) {
	return map[string]time.Time{}, nil
}
func (d *discardHeaders) Pending(context.Context) (map[string]bool, error) { return nil, nil }
func (d *discardHeaders) SaveHeaders(_ context.Context, hs []pop3sync.Download) error {
	d.saved.Add(int64(len(hs)))
	return nil
}
func (d *discardHeaders) SaveSources(context.Context, []pop3sync.Download) error { return nil }
func (d *discardHeaders) Forget(context.Context, []string) error                 { return nil }

// wrenPOP3Unstored runs pop3sync's listing (UIDL, pipelined TOP, each
// header parsed) into discardHeaders and stops when it is done.
func wrenPOP3Unstored(ctx context.Context, srv *testserver.Servers, u testserver.User, n int) (time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c, err := pop3.Dial(ctx, srv.POP3TLS, srv.Options())
	if err != nil {
		return 0, err
	}
	defer c.Close()
	if err := c.Login(ctx, u.Address, u.Password); err != nil {
		return 0, err
	}
	var d discardHeaders
	var listed time.Duration
	start := time.Now()
	e := &pop3sync.Engine{Store: &d, Options: account.POP3Options{LeaveOnServer: true},
		OnListed: func() { listed = time.Since(start); cancel() }}
	_, err = e.Sync(ctx, c)
	if got := d.saved.Load(); got != int64(n) {
		return 0, fmt.Errorf("listed %d of %d headers (%v)", got, n, err)
	}
	return listed, nil
}
