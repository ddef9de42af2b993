package bench

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"wren/account/internal/mailgen"
	"wren/transport/testserver"
)

// corpusSeed and corpusNow pin the corpus, so every run loads the same
// bytes.
const corpusSeed = 4

var corpusNow = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// mailRoot reads where the harness keeps its Maildirs and who owns them.
func mailRoot(srv *testserver.Servers) (dir string, uid, gid int, err error) {
	b, err := os.ReadFile(filepath.Join(srv.Dir, "servers.json"))
	if err != nil {
		return "", 0, 0, err
	}
	var c struct {
		MailDir string `json:"mail_dir"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return "", 0, 0, fmt.Errorf("servers.json: %w", err)
	}
	if c.MailDir == "" {
		return "", 0, 0, fmt.Errorf("servers.json has no mail_dir")
	}
	fi, err := os.Stat(c.MailDir)
	if err != nil {
		return "", 0, 0, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", 0, 0, fmt.Errorf("no owner for %s", c.MailDir)
	}
	return c.MailDir, int(st.Uid), int(st.Gid), nil
}

// maildirOf is u's Maildir folder (INBOX, or a Maildir++ sub-folder),
// created for the mail user.
func maildirOf(tb testing.TB, srv *testserver.Servers, u testserver.User, folder string) *Maildir {
	tb.Helper()
	root, uid, gid, err := mailRoot(srv)
	if err != nil {
		tb.Fatal(err)
	}
	dir := filepath.Join(root, srv.Domain, u.Name, "Maildir")
	if folder != "INBOX" {
		dir = filepath.Join(dir, "."+folder)
	}
	md := &Maildir{Dir: dir, UID: uid, GID: gid}
	if err := md.Create(); err != nil {
		tb.Fatal(err)
	}
	return md
}

// corpusFor is the benchmarks' generator, the mail addressed to u (a
// zero User: the generator's own owner).
func corpusFor(u testserver.User) *mailgen.Generator {
	o := mailgen.Corpus()
	o.Now = corpusNow
	o.Owner.Address = u.Address
	return mailgen.New(corpusSeed, o)
}

// loadCorpus writes n generated messages into u's INBOX Maildir (every
// generated folder lands in INBOX: the raw baselines read one folder)
// and returns their total size.
func loadCorpus(tb testing.TB, srv *testserver.Servers, u testserver.User, n int) int64 {
	tb.Helper()
	md := maildirOf(tb, srv, u, "INBOX")
	var total int64
	count := 0
	for m := range corpusFor(u).Messages(n) {
		if err := md.Put(m.Raw, m.Date, m.Flags); err != nil {
			tb.Fatal(err)
		}
		total += int64(len(m.Raw))
		count++
	}
	if count != n {
		tb.Fatalf("generated %d messages, want %d", count, n)
	}
	return total
}
