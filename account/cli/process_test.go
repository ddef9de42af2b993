package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
	"wren/transport/testcert"
	"wren/transport/testdns"
	"wren/transport/testmail"
)

// The real program, run as a user runs it: `wren doctor ADDRESS --json`
// against scripted servers published by SRV records, leads with the real
// cause and its host (issue #12). The servers record that no password
// reached one that failed its check.
func TestProcessDoctorLeadsWithTheRealCause(t *testing.T) {
	bin := wrenbin.Build(t)
	now := time.Now()
	good := testcert.NewFor(t, "imap.example.test", "smtp.example.test")
	expired := testcert.NewValid(t, now.Add(-48*time.Hour), now.Add(-24*time.Hour), "imap.example.test")
	caFile := caBundle(t, good.CAPEM(), expired.CAPEM())
	smtp := testmail.Start(t, testmail.Config{SMTP: true, TLS: good.Server})

	for _, c := range []struct {
		name    string
		service string // SRV label of the incoming server
		conf    *testmail.Config
		code    string
	}{
		{"no encryption", "imap", &testmail.Config{}, "TLS-10"},
		{"expired certificate", "imaps", &testmail.Config{TLS: expired.Server}, "TLS-05"},
		{"login refused", "imaps", &testmail.Config{TLS: good.Server, AuthReply: "NO [AUTHENTICATIONFAILED] Invalid credentials"}, "IMAP-02"},
		{"connection refused", "imaps", nil, "NET-03"},
		{"nothing published", "", nil, "ACCT-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			port := testmail.ClosedPort(t)
			var in *testmail.Server
			if c.conf != nil {
				in = testmail.Start(t, *c.conf)
				port = in.Port
			}
			var zone []string
			if c.service != "" {
				zone = []string{
					"_" + c.service + "._tcp.example.test. 60 IN SRV 0 1 " + strconv.Itoa(port) + " imap.example.test.",
					"_submissions._tcp.example.test. 60 IN SRV 0 1 " + strconv.Itoa(smtp.Port) + " smtp.example.test.",
					"imap.example.test. 60 IN A 127.0.0.1",
					"smtp.example.test. 60 IN A 127.0.0.1",
				}
			}
			dns := testdns.New(t, zone...)
			ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "doctor", "alice@example.test", "--password-stdin", "--json",
				"--dns", dns.Addr, "--profile", t.TempDir())
			cmd.Stdin = bytes.NewBufferString("correct-horse-battery\n")
			cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+caFile, "HOME="+t.TempDir(), "WREN_DEBUG=")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
				t.Fatalf("exit: %v\n%s\n%s", err, stdout.String(), stderr.String())
			}
			var rep leadJSON
			if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
				t.Fatalf("%v\n%s", err, stdout.String())
			}
			want := ""
			if c.service != "" {
				want = "imap.example.test:" + strconv.Itoa(port)
			}
			if len(rep.Errors) == 0 || rep.Errors[0].Code != c.code || rep.Errors[0].Details.Server != want {
				t.Fatalf("errors %+v, want %s at %q first\n%s", rep.Errors, c.code, want, stdout.String())
			}
			if in != nil && c.code != "IMAP-02" {
				for _, cmd := range in.Commands() {
					if containsAny(cmd, "LOGIN", "AUTHENTICATE") {
						t.Errorf("the server that failed its check got %q", cmd)
					}
				}
			}
		})
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if bytes.Contains(bytes.ToUpper([]byte(s)), []byte(sub)) {
			return true
		}
	}
	return false
}
