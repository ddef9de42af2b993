package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
	"wren/transport/testcert"
	"wren/transport/testmail"
	"wren/transport/testserver"
)

// The real program killed in the middle of a send (kill -9 while the
// server has the message but has not answered): the next command finds
// it "may have been sent" with SEND-18, never "sending" forever, and does
// not send it again by itself (issue #17).
func TestProcessKilledMidSend(t *testing.T) {
	requireRealKeyring(t)
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	bin := wrenbin.Build(t)
	pair := testcert.New(t)
	smtp := testmail.Start(t, testmail.Config{SMTP: true, TLS: pair.Server, NoAuth: true, HangAfterData: true})
	dir := t.TempDir()
	wren := wrenRunner(bin, caBundle(t, readPEM(t, srv.CAFile), pair.CAPEM()), "--profile", dir)
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	name := "kill-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if out, err := wren(ctx, u.Password+"\n", "account", "add", u.Address, "--password-stdin", "--name", name, "--no-auth",
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+smtp.Addr()).CombinedOutput(); err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = wren(context.Background(), "", "account", "remove", name).Run() })

	eml := filepath.Join(t.TempDir(), "m.eml")
	if err := os.WriteFile(eml, []byte("From: "+u.Address+"\nTo: someone@example.test\nSubject: Killed\n\nHello.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	send := wren(ctx, "", "send", eml, "--json")
	if err := send.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); smtp.Messages() == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			send.Process.Kill()
			t.Fatal("the message never reached the server")
		}
	}
	if err := send.Process.Kill(); err != nil { // SIGKILL: no clean-up runs
		t.Fatal(err)
	}
	_ = send.Wait()

	out, err := wren(ctx, "", "outbox", "--json").Output()
	if err != nil {
		t.Fatalf("outbox: %v\n%s", err, out)
	}
	var ob outboxOut
	if err := json.Unmarshal(out, &ob); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(ob.Messages) != 1 || ob.Messages[0].State != "unknown" || len(ob.Messages[0].Errors) != 1 || ob.Messages[0].Errors[0].Code != "SEND-18" {
		t.Fatalf("after kill -9 mid-send: %s", out)
	}
	if out, err := wren(ctx, "", "send", "--flush", "--json").Output(); err != nil || smtp.Messages() != 1 {
		t.Fatalf("send --flush resent a message that may have been sent (%d received): %v\n%s", smtp.Messages(), err, out)
	}

	// Bad input is refused by the real program before anything is queued:
	// each recipient that is no address (SEND-21), a From the account does
	// not own (SEND-22); the server sees no new session.
	for _, c := range []struct{ body, code, named string }{
		{"From: " + u.Address + "\nTo: ok@example.test, bob at example.test\nSubject: x\n\nhi\n", "SEND-21", "bob at example.test"},
		{"From: ceo@example.org\nTo: ok@example.test\nSubject: x\n\nhi\n", "SEND-22", "ceo@example.org"},
	} {
		before := len(smtp.Commands())
		if err := os.WriteFile(eml, []byte(c.body), 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := wren(ctx, "", "send", eml, "--json").Output()
		var res struct {
			Errors []struct {
				Code    string
				Details struct{ Recipient string }
			}
		}
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || json.Unmarshal(out, &res) != nil ||
			len(res.Errors) != 1 || res.Errors[0].Code != c.code || res.Errors[0].Details.Recipient != c.named {
			t.Errorf("%s: %v\n%s", c.code, err, out)
		}
		if len(smtp.Commands()) != before {
			t.Errorf("%s: the server was contacted: %q", c.code, smtp.Commands()[before:])
		}
	}
}

// The real program on a server without SPECIAL-USE (issue #17): the Sent
// copy goes to the folder with a well-known (here localized) name, else
// to a "Sent" Wren creates; a listed folder the APPEND finds gone (NO
// [TRYCREATE], before or after the message) is created and appended to
// once more. The same message sent again is not filed twice.
func TestProcessSentCopyWithoutSpecialUse(t *testing.T) {
	requireRealKeyring(t)
	bin := wrenbin.Build(t)
	pair := testcert.New(t)
	caFile := caBundle(t, pair.CAPEM())
	for _, c := range []struct {
		name       string
		conf       testmail.Config
		want       string
		wantCreate bool
	}{
		{"localized name", testmail.Config{Folders: []string{"Gesendet", "Papierkorb"}}, "Gesendet", false},
		{"no Sent folder", testmail.Config{Folders: []string{"Archive"}}, "Sent", true},
		{"listed but gone, TRYCREATE after the message", testmail.Config{Listed: []string{"Sent Items"}}, "Sent Items", true},
		{"listed but gone, TRYCREATE before the message", testmail.Config{Listed: []string{"Sent Items"}, TryCreateBeforeLiteral: true}, "Sent Items", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.conf.TLS = pair.Server
			imap := testmail.Start(t, c.conf)
			smtp := testmail.Start(t, testmail.Config{SMTP: true, TLS: pair.Server, NoAuth: true})
			dir := t.TempDir()
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
			defer cancel()
			run := wrenRunner(bin, caFile, "--profile", dir)
			wren := func(stdin string, args ...string) *exec.Cmd { return run(ctx, stdin, args...) }
			name := "plain-" + strconv.FormatInt(time.Now().UnixNano(), 36)
			if out, err := wren("pw\n", "account", "add", "me@example.test", "--password-stdin", "--name", name, "--no-auth",
				"--incoming", "imaps://"+imap.Addr(), "--outgoing", "smtps://"+smtp.Addr()).CombinedOutput(); err != nil {
				t.Fatalf("account add: %v\n%s", err, out)
			}
			t.Cleanup(func() { _ = exec.Command(bin, "--profile", dir, "account", "remove", name).Run() })
			eml := filepath.Join(t.TempDir(), "m.eml")
			msg := "From: me@example.test\nTo: you@example.test\nSubject: Copy\nMessage-ID: <copy-" + name + "@example.test>\n\nHello.\n"
			if err := os.WriteFile(eml, []byte(msg), 0o600); err != nil {
				t.Fatal(err)
			}
			for i := range 2 {
				out, err := wren("", "send", eml, "--json").Output()
				var res struct {
					State  string
					Errors []struct{ Code string }
				}
				if err != nil || json.Unmarshal(out, &res) != nil || res.State != "sent" || len(res.Errors) != 0 {
					t.Fatalf("send %d: %v\n%s", i+1, err, out)
				}
			}
			if smtp.Messages() != 2 {
				t.Errorf("the server received %d messages, want 2", smtp.Messages())
			}
			if n := imap.Appended(c.want); n != 1 {
				t.Errorf("%d copies in %q, want 1; commands %q", n, c.want, imap.Commands())
			}
			creates := 0
			for _, cmd := range imap.Commands() {
				if strings.Contains(strings.ToUpper(cmd), "CREATE") {
					creates++
				}
			}
			if c.wantCreate != (creates == 1) || creates > 1 {
				t.Errorf("%d CREATE commands; commands %q", creates, imap.Commands())
			}
		})
	}
}
