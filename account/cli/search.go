package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"wren/account/store"
)

type resultJSON struct {
	Account string    `json:"account"`
	Folder  string    `json:"folder"`
	UID     uint32    `json:"uid"`
	Date    time.Time `json:"date"`
	From    string    `json:"from"`
	Subject string    `json:"subject"`
}

// searchCmd searches the local store of every account.
func (c *cmdContext) searchCmd(args []string) int {
	fs := newFlagSet("wren search", c.io.Stderr)
	c.g.register(fs)
	limit := fs.Int("limit", 50, "at most `N` results")
	pos, err := parse(fs, args)
	if err != nil || len(pos) == 0 {
		return c.usageError(err, "usage: wren search QUERY [--json]  (from: to: subject: is:unread is:flagged has:attachment folder: before: after: and words)")
	}
	st, err := c.openStore()
	if err != nil {
		return c.fail(err, "")
	}
	defer st.Close()
	page, err := st.Search(c.ctx, strings.Join(pos, " "), store.SearchOptions{Limit: *limit})
	if err != nil {
		return c.fail(err, "")
	}
	out := struct {
		Results []resultJSON `json:"results"`
	}{Results: []resultJSON{}}
	for _, m := range page.Messages {
		// Names and subjects are shown with bidi and invisible characters
		// made visible, as in the window.
		from := safeLine(m.From.Addr)
		if name := safeLine(m.From.Name); name != "" {
			from = name + " <" + from + ">"
		}
		out.Results = append(out.Results, resultJSON{Account: m.Account, Folder: m.Folder, UID: m.UID, Date: m.Date, From: from, Subject: safeLine(m.Subject)})
	}
	if c.g.json {
		return c.printJSON(out, 0)
	}
	if len(out.Results) == 0 {
		fmt.Fprintln(c.io.Stdout, "Nothing found.")
		return 0
	}
	tw := tabwriter.NewWriter(c.io.Stdout, 0, 4, 2, ' ', 0)
	for _, r := range out.Results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.Date.Local().Format("2006-01-02 15:04"), r.From, r.Subject, r.Account+"/"+r.Folder)
	}
	tw.Flush()
	return 0
}
