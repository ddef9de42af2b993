package cli_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
	"wren/transport/testcert"
	"wren/transport/testmail"
	"wren/transport/testserver"
)

// The fault loop (issue #17): the real program sends N messages from two
// accounts against the real Postfix and Dovecot and is killed (SIGKILL) at
// a random point of each send. Then the outbox is worked off the way a
// user would: `wren outbox retry` for what may have been sent or failed,
// `wren send --flush` for the rest. Whatever Wren queued is delivered
// (0 lost); a message delivered twice was "may have been sent" first;
// each account's Sent folder holds its own messages only, each once.
// `make test` runs a short loop; `make soak` runs WREN_SOAK_N (≥ 200).
func TestFaultLoop(t *testing.T) {
	requireRealKeyring(t)
	n := 10
	if v, err := strconv.Atoi(os.Getenv("WREN_SOAK_N")); err == nil && v > 0 {
		n = v
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("%d sends, seed %d", n, seed)
	rng := rand.New(rand.NewPCG(seed, seed>>7))

	srv := testserver.Require(t)
	s, tt, rcpt := srv.NewUser(t), srv.NewUser(t), srv.NewUser(t)
	bin := wrenbin.Build(t)
	// Postfix behind a proxy that answers the end of a message slowly: a
	// kill then often lands after Postfix took the message and before
	// Wren heard so (the may-have-been-sent case).
	pair := testcert.New(t)
	smtp := testmail.StartProxy(t, pair.Server, srv.SubmitTLS.Address(), &tls.Config{RootCAs: srv.RootCAs, ServerName: srv.SubmitTLS.Host})
	var stopDovecot atomic.Bool // once, right after Postfix took a message
	smtp.DelayReplies(func(line string) time.Duration {
		if strings.HasPrefix(line, "250") && strings.Contains(line, "queued") {
			if stopDovecot.CompareAndSwap(true, false) {
				if out, err := exec.Command(serversScript(t), "stop-dovecot").CombinedOutput(); err != nil {
					t.Errorf("stop-dovecot: %v\n%s", err, out)
				}
			}
			return 800 * time.Millisecond
		}
		return 0
	})
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Minute)
	defer cancel()
	run := wrenRunner(bin, caBundle(t, readPEM(t, srv.CAFile), pair.CAPEM()), "--profile", dir)
	wren := func(stdin string, args ...string) *exec.Cmd { return run(ctx, stdin, args...) }
	tag := strconv.FormatUint(seed, 36)
	accounts := map[string]testserver.User{"S-" + tag: s, "T-" + tag: tt}
	for name, u := range accounts {
		if out, err := wren(u.Password+"\n", "account", "add", u.Address, "--password-stdin", "--name", name,
			"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://127.0.0.1:"+strconv.Itoa(smtp.Port)).CombinedOutput(); err != nil {
			t.Fatalf("account add %s: %v\n%s", name, err, out)
		}
		t.Cleanup(func() { _ = exec.Command(bin, "--profile", dir, "account", "remove", name).Run() })
	}
	names := []string{"S-" + tag, "T-" + tag}

	ownerOf := map[string]string{} // subject → account
	mail := t.TempDir()
	// One send runs whole first: the kills then fall across the time a
	// send takes (queueing, the SMTP session, the Sent copy), where they
	// hurt.
	var whole time.Duration
	// make soak also takes the servers away for a few sends: Postfix and
	// Dovecot down, then back (make test shares them with other tests).
	soak := os.Getenv("WREN_SOAK_N") != ""
	servers := func(verb string) {
		t.Helper()
		if out, err := exec.Command(serversScript(t), verb).CombinedOutput(); err != nil {
			t.Fatalf("test-servers %s: %v\n%s", verb, err, out)
		}
	}
	dovecotDown := -1
	for i := range n {
		if soak && i == n/3 {
			servers("stop")
			t.Logf("servers stopped before send %d", i)
		}
		if soak && (i == n/3+4 || dovecotDown >= 0 && i == dovecotDown+4) {
			servers("start")
			servers("flush") // what Postfix could not deliver meanwhile
			t.Logf("servers started again before send %d", i)
		}
		if soak && i == 2*n/3 {
			// Dovecot goes down right after Postfix took this message:
			// it is sent, its Sent copy waits for Dovecot.
			stopDovecot.Store(true)
			dovecotDown = i
			t.Logf("Dovecot stops right after Postfix takes send %d", i)
		}
		name := names[i%2]
		subject := fmt.Sprintf("fault-%s-%d", tag, i)
		ownerOf[subject] = name
		eml := filepath.Join(mail, strconv.Itoa(i)+".eml")
		body := "From: " + accounts[name].Address + "\nTo: " + rcpt.Address + "\nSubject: " + subject + "\n\nMessage " + strconv.Itoa(i) + ".\n"
		if err := os.WriteFile(eml, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := wren("", "send", eml, "--account", name, "--json")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		if i == 0 || i == dovecotDown {
			start := time.Now()
			<-done
			if i == 0 {
				whole = time.Since(start)
			}
			continue
		}
		select {
		case <-done:
		case <-time.After(whole/4 + time.Duration(rng.Int64N(int64(whole)))):
			_ = cmd.Process.Kill() // SIGKILL: nothing is cleaned up
			<-done
		}
	}

	type item struct {
		ID       int64
		Account  string
		State    string
		Subject  string
		SentCopy bool `json:"sent_copy"`
	}
	list := func() []item {
		out, err := wren("", "outbox", "--json").Output()
		var ob struct{ Messages []item }
		if err != nil || json.Unmarshal(out, &ob) != nil {
			t.Fatalf("outbox: %v\n%s", err, out)
		}
		return ob.Messages
	}
	maybe := map[string]bool{} // subjects that were "may have been sent"
	queued := map[string]bool{}
	for round := 0; ; round++ {
		items, busy := list(), false
		for _, it := range items {
			queued[it.Subject] = true
			if ownerOf[it.Subject] != it.Account {
				t.Errorf("%s is in the outbox of %s, queued for %s", it.Subject, it.Account, ownerOf[it.Subject])
			}
			switch it.State {
			case "unknown", "failed":
				if it.State == "unknown" {
					maybe[it.Subject] = true
				}
				busy = true
				_ = wren("", "outbox", "retry", strconv.FormatInt(it.ID, 10)).Run()
			case "queued", "sending":
				busy = true
			case "sent":
				busy = busy || !it.SentCopy
			}
		}
		if !busy {
			break
		}
		if round == 6 {
			t.Fatalf("the outbox did not empty: %+v", items)
		}
		if round > 0 && slices.ContainsFunc(items, func(it item) bool { return it.State == "queued" }) {
			// Sends that met a server down wait for their retry time
			// (a minute), as they would for a user.
			time.Sleep(65 * time.Second)
		}
		_ = wren("", "send", "--flush").Run()
	}

	delivered := subjectsIn(t, srv, rcpt, "INBOX", len(queued))
	for subject := range queued {
		switch c := count(delivered, subject); {
		case c == 0:
			t.Errorf("%s was queued and never delivered", subject)
		case c > 1 && !maybe[subject]:
			t.Errorf("%s was delivered %d times without a may-have-been-sent state first", subject, c)
		}
	}
	for name, u := range accounts {
		sent := subjectsIn(t, srv, u, "Sent", 0)
		for _, subject := range sent {
			if ownerOf[subject] != name {
				t.Errorf("%s's Sent holds %s, sent by %s", name, subject, ownerOf[subject])
			}
			if c := count(sent, subject); c > 1 {
				t.Errorf("%s's Sent holds %s %d times", name, subject, c)
			}
		}
	}
	t.Logf("a whole send took %s; %d of %d sends were queued; %d were may-have-been-sent", whole, len(queued), n, len(maybe))
}

func count(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// serversScript is the harness's .ci/test-servers.
func serversScript(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", ".ci", "test-servers"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
