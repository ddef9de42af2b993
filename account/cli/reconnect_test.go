package cli_test

import (
	"crypto/tls"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"wren/account/cli"
	"wren/account/profile"
	"wren/account/secret"
	"wren/transport/imap"
	"wren/transport/testcert"
	"wren/transport/testmail"
	"wren/transport/testserver"
)

// A server that says BYE, or drops the connection, in the middle of a
// sync: `wren sync` connects again with backoff and finishes in the same
// run, and says ok (errors.md: recover where a good client recovers).
func TestSyncReconnectsAfterBye(t *testing.T) {
	srv := testserver.Require(t)
	for _, cut := range []testmail.Cut{{AfterLines: 120, Bye: true}, {AfterLines: 150}} {
		t.Run(fmt.Sprintf("bye=%v", cut.Bye), func(t *testing.T) {
			u := srv.NewUser(t)
			const n = 300
			fill(t, srv, u, n)
			pair := testcert.New(t)
			roots := srv.RootCAs.Clone()
			roots.AddCert(pair.CA)
			up := &tls.Config{RootCAs: srv.RootCAs, ServerName: srv.IMAPTLS.Host}
			proxy := testmail.StartProxy(t, pair.Server, srv.IMAPTLS.Address(), up)
			env := cli.Env{RootCAs: roots, Secrets: &secret.Memory{}, SyncBackoff: []time.Duration{50 * time.Millisecond, 100 * time.Millisecond}}
			dir := t.TempDir()
			r := run(t, env, u.Password+"\n", "--profile", dir, "account", "add", u.Address, "--password-stdin",
				"--incoming", "imaps://127.0.0.1:"+strconv.Itoa(proxy.Port), "--outgoing", "smtps://"+srv.SubmitTLS.Address())
			if r.code != 0 {
				t.Fatalf("account add: %s\n%s", r.stdout, r.stderr)
			}
			before := proxy.Connections()
			proxy.CutNext(cut)
			r = run(t, env, "", "--profile", dir, "sync", "--json")
			var so syncOut
			decodeInto(t, r, &so)
			if r.code != 0 || !so.OK {
				t.Fatalf("sync after a cut connection: exit %d\n%s", r.code, r.stdout)
			}
			inbox := -1
			for _, f := range so.Folders {
				if f.Name == "INBOX" {
					inbox = f.Messages
				}
			}
			if inbox != n {
				t.Errorf("INBOX has %d messages after the sync, want %d\n%s", inbox, n, r.stdout)
			}
			if got := proxy.Connections() - before; got < 2 {
				t.Errorf("%d connections: the cut was not met or not recovered from", got)
			}
			if !strings.Contains(r.logs, "connecting again") {
				t.Errorf("the reconnection is not logged:\n%s", r.logs)
			}
		})
	}
}

// fill appends n small messages to the user's INBOX on the real server.
func fill(t *testing.T, srv *testserver.Servers, u testserver.User, n int) {
	t.Helper()
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		msg := fmt.Sprintf("From: Sender %d <s%d@example.test>\r\nTo: %s\r\nSubject: Message number %d\r\nMessage-ID: <fill-%d@example.test>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nBody %d.\r\n", i, i, u.Address, i, i, i)
		if _, err := c.Append(t.Context(), "INBOX", nil, time.Time{}, strings.NewReader(msg), int64(len(msg))); err != nil {
			t.Fatal(err)
		}
	}
}

// A saved account whose server now refuses the login: `wren sync` names
// the failing host and step, and does not retry a refused password.
func TestSyncFailureNamesHostAndStep(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	mem := &secret.Memory{}
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: mem, SyncBackoff: []time.Duration{10 * time.Millisecond}}
	dir := t.TempDir()
	addAccount(t, env, dir, srv, u, "--name", "me")
	p, err := profile.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Get("me")
	if err != nil {
		t.Fatal(err)
	}
	if err := mem.Set(t.Context(), a.SecretKey(a.Incoming), "changed-elsewhere"); err != nil {
		t.Fatal(err)
	}
	r := run(t, env, "", "--profile", dir, "sync", "--json")
	var out struct {
		OK     bool
		Errors []struct {
			Code    string
			Details struct{ Server, Step string }
		}
	}
	decodeInto(t, r, &out)
	if r.code != 1 || out.OK || len(out.Errors) != 1 {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	if e := out.Errors[0]; e.Code != "IMAP-02" || e.Details.Server != srv.IMAPTLS.Address() || e.Details.Step != "auth" {
		t.Errorf("explained as %+v", e)
	}
	if strings.Contains(r.logs, "connecting again") {
		t.Error("a refused password was tried again")
	}
}
