package cli_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wren/account/cli"
	"wren/account/outbox"
	"wren/account/profile"
	"wren/account/secret"
	"wren/account/store"
	"wren/transport/imap"
	"wren/transport/testserver"
)

type outboxOut struct {
	OK       bool
	Messages []struct {
		ID       int64
		Account  string
		State    string
		Attempts int
		Subject  string
		Errors   []struct{ Code, Message string }
	}
	Errors []struct{ Code string }
}

// seed opens the profile's store for the test to put messages in the
// outbox as an earlier run would have left them.
func seed(t *testing.T, dir string) *store.Store {
	t.Helper()
	paths, err := profile.Locate(dir, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(paths.Data, 0o700); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(t.Context(), filepath.Join(paths.Data, "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func rawMessage(from, to, subject string) []byte {
	return []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + strconv.FormatInt(time.Now().UnixNano(), 36) + "@example.test>\r\n\r\nHello.\r\n")
}

// The outbox on the command line (issue #17): a message an earlier run
// left half-sent is "may have been sent" for the next command, listed with
// its explanation, sent again only when the user retries it; removing
// takes a message out; `send --flush` and `sync` send what is due, each
// through its own account.
func TestOutboxCommands(t *testing.T) {
	srv := testserver.Require(t)
	u, rcpt := srv.NewUser(t), srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	addAccount(t, env, dir, srv, u, "--name", "me")

	st := seed(t, dir)
	ob := &outbox.Outbox{Account: "me", Store: outbox.OnStore(st)}
	queue := func(subject string) int64 {
		id, err := ob.Queue(t.Context(), outbox.Item{From: u.Address, To: []string{rcpt.Address}, Raw: rawMessage(u.Address, rcpt.Address, subject)}, 0)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	interrupted, removed := queue("Interrupted"), queue("Removed")
	for _, id := range []int64{interrupted, removed} {
		it, _ := ob.Store.Get(t.Context(), id)
		it.State, it.Attempts = outbox.Sending, 1 // killed mid-send
		if err := ob.Store.Update(t.Context(), it); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	list := func(args ...string) (int, outboxOut) {
		t.Helper()
		r := run(t, env, "", append(append([]string{"--profile", dir, "outbox"}, args...), "--json")...)
		var out outboxOut
		decodeInto(t, r, &out)
		return r.code, out
	}
	_, out := list()
	if len(out.Messages) != 2 {
		t.Fatalf("outbox: %+v", out)
	}
	for _, m := range out.Messages {
		if m.State != "unknown" || len(m.Errors) != 1 || m.Errors[0].Code != "SEND-18" || m.Errors[0].Message != "maybe-sent" {
			t.Errorf("an interrupted send is listed as %+v", m)
		}
	}
	if r := run(t, env, "", "--profile", dir, "outbox", "remove", strconv.FormatInt(removed, 10)); r.code != 0 {
		t.Fatalf("remove: %s%s", r.stdout, r.stderr)
	}
	code, out := list("retry", strconv.FormatInt(interrupted, 10))
	if code != 0 || len(out.Messages) != 1 || out.Messages[0].State != "sent" || out.Messages[0].Subject != "Interrupted" {
		t.Fatalf("retry: exit %d %+v", code, out)
	}

	st = seed(t, dir)
	ob.Store = outbox.OnStore(st)
	flushed, synced := queue("Flushed"), queue("Synced later")
	st.Close()
	r := run(t, env, "", "--profile", dir, "send", "--flush", "--json")
	decodeInto(t, r, &out)
	states := map[int64]string{}
	for _, m := range out.Messages {
		states[m.ID] = m.State
	}
	if r.code != 0 || states[flushed] != "sent" || states[synced] != "sent" {
		t.Fatalf("send --flush: exit %d %+v", r.code, out)
	}

	st = seed(t, dir)
	ob.Store = outbox.OnStore(st)
	bySync := queue("By sync")
	st.Close()
	r = run(t, env, "", "--profile", dir, "sync", "--json")
	if r.code != 0 {
		t.Fatalf("sync: %s", r.stdout)
	}
	_, out = list()
	for _, m := range out.Messages {
		if m.ID == bySync && m.State != "sent" {
			t.Errorf("sync left the due message %s", m.State)
		}
	}
	if got := len(subjectsIn(t, srv, rcpt, "INBOX", 4)); got != 4 {
		t.Errorf("the recipient has %d messages, want 4 (interrupted after retry, flushed twice, by sync)", got)
	}
}

// "May have been sent": before a retry, the Sent folder is searched for
// the message's Message-ID; found, it is marked sent and not sent again
// (and the user is told); not found, it is sent.
func TestRetryLooksInSentFirst(t *testing.T) {
	srv := testserver.Require(t)
	u, rcpt := srv.NewUser(t), srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	addAccount(t, env, dir, srv, u, "--name", "me")
	st := seed(t, dir)
	ob := &outbox.Outbox{Account: "me", Store: outbox.OnStore(st)}
	unknown := func(subject, id string) int64 {
		raw := []byte("From: " + u.Address + "\r\nTo: " + rcpt.Address + "\r\nSubject: " + subject + "\r\nMessage-ID: <" + id + ">\r\n\r\nHello.\r\n")
		qid, err := ob.Queue(t.Context(), outbox.Item{From: u.Address, To: []string{rcpt.Address}, Raw: raw, MessageID: id}, 0)
		if err != nil {
			t.Fatal(err)
		}
		it, _ := ob.Store.Get(t.Context(), qid)
		it.State, it.Attempts = outbox.Unknown, 1
		if err := ob.Store.Update(t.Context(), it); err != nil {
			t.Fatal(err)
		}
		return qid
	}
	wentOut := unknown("Went out", "went-out@example.test")
	lost := unknown("Lost", "lost@example.test")
	st.Close()

	// The server has the first one in Sent already.
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	copyRaw := "From: " + u.Address + "\r\nTo: " + rcpt.Address + "\r\nSubject: Went out\r\nMessage-ID: <went-out@example.test>\r\n\r\nHello.\r\n"
	if _, err := c.Append(t.Context(), "Sent", nil, time.Time{}, strings.NewReader(copyRaw), int64(len(copyRaw))); err != nil {
		t.Fatal(err)
	}
	c.Close()

	r := run(t, env, "", "--profile", dir, "outbox", "retry", "--all", "--json")
	var out outboxOut
	decodeInto(t, r, &out)
	states := map[int64]string{}
	for _, m := range out.Messages {
		states[m.ID] = m.State
	}
	if r.code != 0 || states[wentOut] != "sent" || states[lost] != "sent" {
		t.Fatalf("retry --all: exit %d %+v", r.code, out)
	}
	if !strings.Contains(r.stderr, "already in the Sent folder") {
		t.Errorf("the user is not told what was found: %q", r.stderr)
	}
	subjectsIn(t, srv, rcpt, "INBOX", 1)
	time.Sleep(time.Second) // a second delivery would have arrived by now
	if got := subjectsIn(t, srv, rcpt, "INBOX", 1); len(got) != 1 || got[0] != "Lost" {
		t.Errorf("the recipient got %q, want only the message that had not gone out", got)
	}
}

// Search results show a sender's or subject's bidi override as a visible
// mark, never obeyed (issue #17), in the JSON and the text alike.
func TestSearchNeutralizesBidi(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	addAccount(t, env, dir, srv, u)
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
		t.Fatal(err)
	}
	msg := "From: =?utf-8?q?Bank_=E2=80=AEkooltuo?= <x@evil.test>\r\nTo: " + u.Address + "\r\nSubject: =?utf-8?q?Invoice_=E2=80=AEfdp.exe?=\r\nMessage-ID: <bidi@evil.test>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nPay now.\r\n"
	if _, err := c.Append(t.Context(), "INBOX", nil, time.Time{}, strings.NewReader(msg), int64(len(msg))); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if r := run(t, env, "", "--profile", dir, "sync"); r.code != 0 {
		t.Fatalf("sync: %s", r.stdout)
	}
	for _, args := range [][]string{{"search", "invoice", "--json"}, {"search", "invoice"}} {
		r := run(t, env, "", append([]string{"--profile", dir}, args...)...)
		if r.code != 0 || strings.ContainsRune(r.stdout, '\u202e') || !strings.Contains(r.stdout, "Bank ⟨U+202E⟩kooltuo") || !strings.Contains(r.stdout, "Invoice ⟨U+202E⟩fdp.exe") {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stdout)
		}
	}
}
