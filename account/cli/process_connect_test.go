package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
	"wren/transport/testcert"
	"wren/transport/testdns"
	"wren/transport/testmail"
)

// The real program sending through a host whose IPv6 address accepts TCP
// but never completes TLS (issue #17): Happy Eyeballs with the handshake
// counted moves on to its IPv4 address, and the message goes out (waiting
// on the stalled address alone would end in a TLS timeout, a failure).
// The host's addresses come from --dns, kept with the account.
func TestProcessStalledAddressFallsThrough(t *testing.T) {
	requireRealKeyring(t)
	bin := wrenbin.Build(t)
	pair := testcert.NewFor(t, "mail.example.test")
	caFile := caBundle(t, pair.CAPEM())
	// The SMTP server on 127.0.0.1:P, the stalling one on [::1]:P.
	var smtp *testmail.Server
	var stall net.Listener
	for range 10 {
		s := testmail.Start(t, testmail.Config{SMTP: true, TLS: pair.Server, NoAuth: true})
		l, err := net.Listen("tcp6", net.JoinHostPort("::1", strconv.Itoa(s.Port)))
		if err == nil {
			smtp, stall = s, l
			break
		}
	}
	if stall == nil {
		t.Fatal("no port free on both 127.0.0.1 and ::1 (is IPv6 loopback up?)")
	}
	var stalled atomic.Int32
	var held sync.WaitGroup
	done := make(chan struct{})
	held.Go(func() {
		for {
			c, err := stall.Accept()
			if err != nil {
				return
			}
			stalled.Add(1)
			held.Go(func() { <-done; c.Close() }) // TCP accepted, TLS never answered
		}
	})
	t.Cleanup(func() { close(done); stall.Close(); held.Wait() })
	imap := testmail.Start(t, testmail.Config{TLS: pair.Server})
	dns := testdns.New(t,
		"mail.example.test. 60 IN AAAA ::1",
		"mail.example.test. 60 IN A 127.0.0.1")

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	run := wrenRunner(bin, caFile, "--profile", dir, "--dns", dns.Addr)
	wren := func(stdin string, args ...string) *exec.Cmd { return run(ctx, stdin, args...) }
	name := "eyeballs-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	if out, err := wren("pw\n", "account", "add", "me@example.test", "--password-stdin", "--name", name, "--no-auth",
		"--incoming", "imaps://mail.example.test:"+strconv.Itoa(imap.Port),
		"--outgoing", "smtps://mail.example.test:"+strconv.Itoa(smtp.Port)).CombinedOutput(); err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command(bin, "--profile", dir, "account", "remove", name).Run() })
	eml := filepath.Join(t.TempDir(), "m.eml")
	if err := os.WriteFile(eml, []byte("From: me@example.test\nTo: you@example.test\nSubject: Through v4\n\nHello.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := stalled.Load()
	out, err := wren("", "send", eml, "--json").Output()
	var res struct {
		State  string
		Errors []struct{ Code string }
	}
	if err != nil || json.Unmarshal(out, &res) != nil || res.State != "sent" || len(res.Errors) != 0 {
		t.Fatalf("send: %v\n%s", err, out)
	}
	if smtp.Messages() != 1 {
		t.Errorf("the IPv4 server received %d messages", smtp.Messages())
	}
	if stalled.Load() == before {
		t.Error("the stalled IPv6 address was never tried: the test did not exercise the fall-through")
	}
}

// The real program against an IMAP server that, asked for STARTTLS, sends
// a literal holding a line that looks like the tagged OK, then refuses
// (issue #17): the literal is read as a literal, so Wren neither starts
// TLS at the wrong point nor takes the server for something else; it
// reports STARTTLS refused (TLS-10) and the password never leaves.
func TestProcessPlaintextLiteralHonoured(t *testing.T) {
	requireRealKeyring(t)
	bin := wrenbin.Build(t)
	pair := testcert.New(t)
	caFile := caBundle(t, pair.CAPEM())
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var heard bytes.Buffer // everything clients sent
	var serving sync.WaitGroup
	t.Cleanup(func() { l.Close(); serving.Wait() })
	serving.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			serving.Go(func() {
				defer c.Close()
				c.SetDeadline(time.Now().Add(30 * time.Second))
				r := bufio.NewReader(c)
				io.WriteString(c, "* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready\r\n")
				for {
					line, err := r.ReadString('\n')
					mu.Lock()
					heard.WriteString(line)
					mu.Unlock()
					if err != nil {
						return
					}
					tag, cmd, _ := strings.Cut(strings.TrimSpace(line), " ")
					if !strings.EqualFold(cmd, "STARTTLS") {
						io.WriteString(c, tag+" BAD not now\r\n")
						continue
					}
					fake := tag + " OK begin TLS now\r\n"
					io.WriteString(c, "* OK [ALERT] {"+strconv.Itoa(len(fake))+"}\r\n"+fake+" end\r\n"+tag+" NO not today\r\n")
				}
			})
		}
	})
	smtp := testmail.Start(t, testmail.Config{SMTP: true, TLS: pair.Server})
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	out, err := wrenRunner(bin, caFile, "--profile", dir)(ctx, "pw-secret-77\n", "account", "add", "me@example.test",
		"--password-stdin", "--json", "--incoming", "imap://"+l.Addr().String(), "--outgoing", "smtps://"+smtp.Addr()).Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v\n%s", err, out)
	}
	var rep struct {
		Errors []struct{ Code string }
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(rep.Errors) == 0 || rep.Errors[0].Code != "TLS-10" {
		t.Errorf("want TLS-10 first:\n%s", out)
	}
	mu.Lock()
	got := heard.String()
	mu.Unlock()
	if !strings.Contains(strings.ToUpper(got), "STARTTLS") {
		t.Fatalf("the server was never asked for STARTTLS: %q", got)
	}
	if strings.Contains(got, "pw-secret-77") || strings.Contains(strings.ToUpper(got), "LOGIN ") || strings.Contains(strings.ToUpper(got), "AUTHENTICATE") {
		t.Errorf("credentials were offered over plaintext: %q", got)
	}
}
