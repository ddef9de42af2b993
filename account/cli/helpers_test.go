package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"wren/account/cli"
	"wren/account/secret"
	"wren/transport/imap"
	"wren/transport/testdns"
	"wren/transport/testserver"
)

// result is one command run in-process.
type result struct {
	code           int
	stdout, stderr string
	logs           string
}

func run(t *testing.T, env cli.Env, stdin string, args ...string) result {
	t.Helper()
	var out, errOut, logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	code := cli.Run(ctx, args, cli.IO{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" }, Logger: logger,
	}, env)
	return result{code: code, stdout: out.String(), stderr: errOut.String(), logs: logs.String()}
}

// report is the JSON of doctor and account add.
type report struct {
	Address  string `json:"address"`
	OK       bool   `json:"ok"`
	Incoming *struct {
		Protocol, Host, Security, Username, Source string
		Port                                       int
	} `json:"incoming"`
	Outgoing *struct {
		Protocol, Host, Security, Username, Source string
		Port                                       int
	} `json:"outgoing"`
	NeedsConfirmation []struct {
		Host, Reason, Fingerprint string
	} `json:"needs_confirmation"`
	Checks []struct {
		Step string `json:"step"`
		OK   bool   `json:"ok"`
		Code string `json:"code"`
	} `json:"checks"`
	Errors []struct {
		Code, Title, Explanation, Fix, Retry, Message string
	} `json:"errors"`
	Account string `json:"account"`
}

func decode(t *testing.T, r result) report {
	t.Helper()
	var rep report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("output is not one JSON object: %v\nstdout:\n%s\nstderr:\n%s", err, r.stdout, r.stderr)
	}
	return rep
}

// harnessDNS publishes the test servers of the harness for domain the way
// RFC 6186/8314 say: SRV records naming host, and host's address.
func harnessDNS(t *testing.T, srv *testserver.Servers, domain, host string) *testdns.Server {
	t.Helper()
	return testdns.New(t,
		"_imaps._tcp."+domain+". 60 IN SRV 0 1 "+itoa(srv.IMAPTLS.Port)+" "+host+".",
		"_submissions._tcp."+domain+". 60 IN SRV 0 1 "+itoa(srv.SubmitTLS.Port)+" "+host+".",
		host+". 60 IN A "+srv.IMAPTLS.Host,
	)
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// keyring is the real Secret Service under `make test` (.ci/with-keyring
// sets WREN_REAL_KEYRING=1), else an in-memory store.
func keyring(t *testing.T) (cli.Secrets, bool) {
	t.Helper()
	if os.Getenv("WREN_REAL_KEYRING") == "1" {
		return &secret.Keyring{Timeout: 15 * time.Second}, true
	}
	t.Log("WREN_REAL_KEYRING is not set: passwords go to memory. Run with .ci/with-keyring for the real keyring.")
	return &secret.Memory{}, false
}

// requireRealKeyring fails a test of the real program outside
// .ci/with-keyring: the program keeps passwords in the OS keyring, and
// `make test` provides one.
func requireRealKeyring(t *testing.T) {
	t.Helper()
	if os.Getenv("WREN_REAL_KEYRING") != "1" {
		t.Fatal("the real program keeps passwords in the OS keyring: run under .ci/with-keyring (make test does)")
	}
}

// subjectsIn lists the subjects in u's folder, waiting (up to 30 s) until
// it holds at least min messages.
func subjectsIn(t *testing.T, srv *testserver.Servers, u testserver.User, folder string, min int) []string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := imap.Dial(t.Context(), srv.IMAPTLS, srv.Options())
		if err != nil {
			t.Fatal(err)
		}
		if err := c.Login(t.Context(), u.Address, u.Password); err != nil {
			t.Fatal(err)
		}
		var out []string
		if _, err := c.Select(t.Context(), folder, true); err == nil {
			uids, err := c.UIDs(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			_ = c.FetchSummaries(t.Context(), uids, 500, func(m imap.Summary) error {
				if m.Envelope != nil {
					out = append(out, m.Envelope.Subject)
				}
				return nil
			})
		}
		c.Close()
		slices.Sort(out)
		if len(out) >= min || time.Now().After(deadline) {
			return out
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// addAccount runs `wren account add` for u on the real servers (extra
// adds options such as --name), failing the test when it does not work.
func addAccount(t *testing.T, env cli.Env, dir string, srv *testserver.Servers, u testserver.User, extra ...string) {
	t.Helper()
	args := append([]string{"--profile", dir, "account", "add", u.Address, "--password-stdin",
		"--incoming", "imaps://" + srv.IMAPTLS.Address(), "--outgoing", "smtps://" + srv.SubmitTLS.Address()}, extra...)
	if r := run(t, env, u.Password+"\n", args...); r.code != 0 {
		t.Fatalf("account add %s: %s%s", u.Address, r.stdout, r.stderr)
	}
}
