package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wren/account/cli"
	"wren/account/secret"
	"wren/transport/imap"
	"wren/transport/testserver"
)

type syncOut struct {
	OK      bool `json:"ok"`
	Folders []struct {
		Account, Name string
		Messages, New int
	} `json:"folders"`
	Errors []struct{ Code string } `json:"errors"`
}

func decodeInto(t *testing.T, r result, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.stdout), v); err != nil {
		t.Fatalf("not JSON: %v\n%s\n%s", err, r.stdout, r.stderr)
	}
}

// send → outbox → Postfix → Dovecot; sync brings it into the store (Inbox
// and the Sent copy); search finds it; the Bcc recipient gets it without
// a Bcc header.
func TestSendSyncSearch(t *testing.T) {
	srv := testserver.Require(t)
	u, hidden := srv.NewUser(t), srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	r := run(t, env, u.Password+"\n", "--profile", dir, "account", "add", u.Address, "--password-stdin", "--name", "me",
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address())
	if r.code != 0 {
		t.Fatalf("account add: %s\n%s", r.stdout, r.stderr)
	}

	eml := filepath.Join(t.TempDir(), "m.eml")
	body := "From: Me <" + u.Address + ">\nTo: " + u.Address + "\nBcc: " + hidden.Address + "\nSubject: Roundtrip pelican\n\nHello there.\n"
	if err := os.WriteFile(eml, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, env, "", "--profile", dir, "send", eml, "--json")
	var sent struct {
		State     string `json:"state"`
		MessageID string `json:"message_id"`
	}
	decodeInto(t, r, &sent)
	if r.code != 0 || sent.State != "sent" || sent.MessageID == "" {
		t.Fatalf("send: exit %d\n%s", r.code, r.stdout)
	}

	deadline := time.Now().Add(15 * time.Second)
	for {
		r = run(t, env, "", "--profile", dir, "sync", "--json")
		var so syncOut
		decodeInto(t, r, &so)
		if !so.OK {
			t.Fatalf("sync: %s", r.stdout)
		}
		in := 0
		for _, f := range so.Folders {
			if f.Name == "INBOX" {
				in = f.Messages
			}
		}
		if in == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not delivered: %s", r.stdout)
		}
		time.Sleep(200 * time.Millisecond)
	}

	r = run(t, env, "", "--profile", dir, "search", "subject:pelican", "--json")
	var found struct {
		Results []struct{ Account, Folder, Subject string } `json:"results"`
	}
	decodeInto(t, r, &found)
	folders := map[string]bool{}
	for _, x := range found.Results {
		folders[x.Folder] = x.Subject == "Roundtrip pelican" && x.Account == "me"
	}
	if !folders["INBOX"] || !folders["Sent"] {
		t.Fatalf("search results %+v: want the Inbox copy and the Sent copy", found.Results)
	}
	r = run(t, env, "", "--profile", dir, "search", "pelican")
	if r.code != 0 || !strings.Contains(r.stdout, "Roundtrip pelican") {
		t.Fatalf("text search:\n%s", r.stdout)
	}

	// The Bcc recipient's copy has no Bcc field.
	c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(t.Context(), hidden.Address, hidden.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Select(t.Context(), "INBOX", true); err != nil {
		t.Fatal(err)
	}
	var raw bytes.Buffer
	if _, err := c.FetchBody(t.Context(), 1, imap.Section{}, 1<<20, &raw); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(raw.String(), "Roundtrip pelican") || strings.Contains(strings.ToLower(raw.String()), "\nbcc:") {
		t.Fatalf("the Bcc recipient's copy:\n%s", raw.String())
	}
}

// A POP3 account downloads into the local Inbox once, and what it sends
// is kept in its local Sent folder.
func TestPOP3SyncOnce(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	dir := t.TempDir()
	r := run(t, env, u.Password+"\n", "--profile", dir, "account", "add", u.Address, "--password-stdin", "--name", "pop",
		"--incoming", "pop3s://"+srv.POP3TLS.Address(), "--outgoing", "smtps://"+srv.SubmitTLS.Address())
	if r.code != 0 {
		t.Fatalf("account add: %s", r.stdout)
	}
	eml := "From: " + u.Address + "\nTo: " + u.Address + "\nSubject: pop hello\n\nbody\n"
	if r = run(t, env, eml, "--profile", dir, "send", "-"); r.code != 0 {
		t.Fatalf("send: %s", r.stdout)
	}
	deadline := time.Now().Add(15 * time.Second)
	total := 0
	for total == 0 {
		r = run(t, env, "", "--profile", dir, "sync", "--json")
		var so syncOut
		decodeInto(t, r, &so)
		if !so.OK || len(so.Folders) != 1 {
			t.Fatalf("sync: %s", r.stdout)
		}
		total += so.Folders[0].New
		if time.Now().After(deadline) {
			t.Fatal("not delivered")
		}
		if total == 0 {
			time.Sleep(200 * time.Millisecond)
		}
	}
	r = run(t, env, "", "--profile", dir, "sync", "--json")
	var so syncOut
	decodeInto(t, r, &so)
	if so.Folders[0].New != 0 || so.Folders[0].Messages != 1 {
		t.Fatalf("second sync %+v: nothing new expected", so)
	}
	r = run(t, env, "", "--profile", dir, "search", "pop", "hello", "--json")
	if !strings.Contains(r.stdout, `"folder": "INBOX"`) || !strings.Contains(r.stdout, `"folder": "Sent"`) {
		t.Fatalf("search after POP3 sync, want the received message and the sent copy:\n%s", r.stdout)
	}
}
