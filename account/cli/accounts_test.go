package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wren/account/attach"
	"wren/account/cli"
	"wren/account/outbox"
	"wren/account/profile"
	"wren/account/secret"
	"wren/account/store"
	"wren/transport/testserver"
)

// With two accounts, `wren send` through S sends only S's message: T's
// queued message stays in the outbox for T's own login, and nothing of T
// reaches the recipient or S's Sent folder (issue #17), against the real
// Postfix and Dovecot.
func TestSendUsesOnlyItsOwnAccount(t *testing.T) {
	srv := testserver.Require(t)
	s, tt, rcpt := srv.NewUser(t), srv.NewUser(t), srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	for _, u := range []struct {
		name string
		user testserver.User
	}{{"S", s}, {"T", tt}} {
		r := run(t, env, u.user.Password+"\n", "--profile", dir, "account", "add", u.user.Address, "--password-stdin", "--name", u.name,
			"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address())
		if r.code != 0 {
			t.Fatalf("account add %s: %s", u.name, r.stdout)
		}
	}

	// T's message waits in the outbox, due now (queued by the window
	// before it was closed, say).
	st := seed(t, dir)
	tRaw := "From: " + tt.Address + "\r\nTo: " + rcpt.Address + "\r\nSubject: From T only\r\nMessage-ID: <t-only@example.test>\r\n\r\nT's words.\r\n"
	tOut := &outbox.Outbox{Account: "T", Store: outbox.OnStore(st)}
	tID, err := tOut.Queue(t.Context(), outbox.Item{From: tt.Address, To: []string{rcpt.Address}, Raw: []byte(tRaw), MessageID: "t-only@example.test"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	eml := filepath.Join(t.TempDir(), "s.eml")
	if err := os.WriteFile(eml, []byte("From: "+s.Address+"\nTo: "+rcpt.Address+"\nSubject: From S\n\nS's words.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, env, "", "--profile", dir, "send", eml, "--json")
	if r.code != 0 {
		t.Fatalf("send through S: %s", r.stdout)
	}

	subjectsIn(t, srv, rcpt, "INBOX", 1)
	time.Sleep(time.Second) // what else was submitted has arrived by now
	if got := subjectsIn(t, srv, rcpt, "INBOX", 1); strings.Join(got, "|") != "From S" {
		t.Fatalf("the recipient got %q, want only S's message", got)
	}
	if sent := subjectsIn(t, srv, s, "Sent", 0); strings.Contains(strings.Join(sent, "|"), "From T only") {
		t.Errorf("T's message was filed in S's Sent: %q", sent)
	}

	st = seed(t, dir)
	defer st.Close()
	it, err := outbox.OnStore(st).Get(t.Context(), tID)
	if err != nil || it.State != outbox.Queued || it.Attempts != 0 {
		t.Fatalf("T's message after S's send: %+v, %v", it, err)
	}
}

// Bad input is refused before anything is queued, naming what is wrong:
// every recipient entry that is not an address (never "RCPT TO:<>"), and
// a From that is none of the account's identities (unless confirmed as an
// alias); with two accounts the answer names the From, not "no such
// account".
func TestSendRefusesBadInputBeforeQueueing(t *testing.T) {
	srv := testserver.Require(t)
	u, other := srv.NewUser(t), srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	add := func(name string, user testserver.User) {
		r := run(t, env, user.Password+"\n", "--profile", dir, "account", "add", user.Address, "--password-stdin", "--name", name,
			"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address())
		if r.code != 0 {
			t.Fatalf("account add: %s", r.stdout)
		}
	}
	add("me", u)
	type errs struct {
		Errors []struct {
			Code    string
			Details struct{ Recipient string }
		}
	}
	send := func(body string, args ...string) (int, errs) {
		t.Helper()
		eml := filepath.Join(t.TempDir(), "m.eml")
		if err := os.WriteFile(eml, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		r := run(t, env, "", append([]string{"--profile", dir, "send", eml, "--json"}, args...)...)
		var out errs
		decodeInto(t, r, &out)
		return r.code, out
	}

	code, out := send("From: " + u.Address + "\nTo: " + other.Address + ", bob at example.com, \"Jörg\" <jörg@>\nSubject: x\n\nhi\n")
	named := map[string]string{}
	for _, e := range out.Errors {
		named[e.Details.Recipient] = e.Code
	}
	if code != 1 || len(out.Errors) != 2 || named["bob at example.com"] != "SEND-21" {
		t.Fatalf("bad recipients: exit %d, %+v", code, out)
	}

	code, out = send("From: ceo@example.org\nTo: " + other.Address + "\nSubject: x\n\nhi\n")
	if code != 1 || len(out.Errors) != 1 || out.Errors[0].Code != "SEND-22" || out.Errors[0].Details.Recipient != "ceo@example.org" {
		t.Fatalf("From no identity, one account: exit %d, %+v", code, out)
	}
	add("other", other)
	code, out = send("From: ceo@example.org\nTo: " + other.Address + "\nSubject: x\n\nhi\n")
	if code != 1 || len(out.Errors) != 1 || out.Errors[0].Code != "SEND-22" {
		t.Fatalf("From no identity, two accounts: exit %d, %+v", code, out)
	}
	code, out = send("From: "+u.Address+"\nTo: "+other.Address+"\nSubject: x\n\nhi\n", "--account", "other")
	if code != 1 || len(out.Errors) != 1 || out.Errors[0].Code != "SEND-22" || out.Errors[0].Details.Recipient != u.Address {
		t.Fatalf("From of another account: exit %d, %+v", code, out)
	}

	paths, err := profile.Locate(dir, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(paths.Data, "mail.db")
	if _, err := os.Stat(db); os.IsNotExist(err) {
		return // refused before the outbox was even opened
	}
	st, err := store.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, state := range []outbox.State{outbox.Queued, outbox.Sending, outbox.Sent, outbox.Failed, outbox.Unknown} {
		if items, err := outbox.OnStore(st).InState(t.Context(), state); err != nil || len(items) != 0 {
			t.Errorf("%s: %d items queued from refused input (%v)", state, len(items), err)
		}
	}
}

// A password missing from the keyring at send reaches the result with its
// code (KEY-04), not "Not sent (failed)" with no explanation, and the
// message is kept.
func TestSendWithoutPasswordExplained(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	mem := &secret.Memory{}
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: mem}
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
	if err := mem.Delete(t.Context(), a.SecretKey(a.Outgoing)); err != nil {
		t.Fatal(err)
	}
	eml := filepath.Join(t.TempDir(), "m.eml")
	if err := os.WriteFile(eml, []byte("From: "+u.Address+"\nTo: "+u.Address+"\nSubject: x\n\nhi\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := run(t, env, "", "--profile", dir, "send", eml, "--json")
	var out struct {
		State  string
		Errors []struct{ Code, Message string }
	}
	decodeInto(t, r, &out)
	if r.code != 1 || out.State == "sent" || len(out.Errors) == 0 || out.Errors[0].Code != "KEY-04" {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	r = run(t, env, "", "--profile", dir, "outbox", "--json")
	var ob outboxOut
	decodeInto(t, r, &ob)
	if len(ob.Messages) != 1 || len(ob.Messages[0].Errors) == 0 || ob.Messages[0].Errors[0].Code != "KEY-04" {
		t.Fatalf("the outbox does not keep the message with its explanation: %s", r.stdout)
	}
}

// A message over the command line's size cap is "too large" with the
// limit (SEND-08), not a program error.
func TestSendOverSizeCap(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	addAccount(t, env, dir, srv, u)
	eml := filepath.Join(t.TempDir(), "big.eml")
	f, err := os.Create(eml)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("From: " + u.Address + "\nTo: " + u.Address + "\nSubject: big\n\n")
	line := strings.Repeat("x", 76) + "\n"
	for range (65 << 20) / len(line) {
		f.WriteString(line)
	}
	f.Close()
	r := run(t, env, "", "--profile", dir, "send", eml, "--json")
	var out struct {
		Errors []struct{ Code, Explanation, Message string }
	}
	decodeInto(t, r, &out)
	if r.code != 1 || len(out.Errors) != 1 || out.Errors[0].Code != "SEND-08" || !strings.Contains(out.Errors[0].Explanation, attach.HumanSize(64<<20)) {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	// Nothing of the refused message stays: no row, no half-written file.
	r = run(t, env, "", "--profile", dir, "outbox", "--json")
	var ob outboxOut
	decodeInto(t, r, &ob)
	if len(ob.Messages) != 0 {
		t.Errorf("the refused message is in the outbox: %s", r.stdout)
	}
	left, err := os.ReadDir(filepath.Join(dir, "data", "outbox"))
	if err != nil {
		t.Fatal(err) // the message was being written there
	}
	if len(left) != 0 {
		t.Errorf("files left in the outbox folder: %v", left)
	}
}
