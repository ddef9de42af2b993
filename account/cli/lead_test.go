package cli_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"wren/account/cli"
	"wren/account/internal/setupfaults"
	"wren/transport"
)

// leadJSON is the part of doctor's and account add's JSON this test reads.
type leadJSON struct {
	OK     bool `json:"ok"`
	Errors []struct {
		Code    string `json:"code"`
		Details struct {
			Server string `json:"server"`
		} `json:"details"`
	} `json:"errors"`
}

// titleLine is an explanation's first line in the text output.
var titleLine = regexp.MustCompile(`^[^ ].* \[([A-Z]+-[0-9]+)\]$`)

// doctor and account add, as JSON and as text, lead with the real cause of
// every setup failure class, with its host (issue #12).
func TestSetupFailuresLeadWithTheirCode(t *testing.T) {
	for _, c := range setupfaults.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			w := c.Start(t)
			env := cli.Env{RootCAs: w.Roots, Dial: w.Dial, Secrets: acceptingKeyring{}, Timeouts: transport.Timeouts{Connect: 3e9, TLS: 3e9, Greeting: 3e9, Command: 3e9}}
			for _, cmd := range [][]string{{"doctor"}, {"account", "add"}} {
				args := append(append([]string{"--profile", t.TempDir()}, cmd...), setupfaults.Address, "--password-stdin", "--dns", w.DNS.Addr)
				r := run(t, env, setupfaults.Password+"\n", append(args, "--json")...)
				var rep leadJSON
				if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
					t.Fatalf("%v: %v\n%s%s", cmd, err, r.stdout, r.stderr)
				}
				if r.code != 1 || rep.OK || len(rep.Errors) == 0 {
					t.Fatalf("%v: exit %d %s", cmd, r.code, r.stdout)
				}
				if e := rep.Errors[0]; e.Code != c.Code || e.Details.Server != c.Server {
					t.Errorf("%v --json: first error %s at %q, want %s at %q\n%s", cmd, e.Code, e.Details.Server, c.Code, c.Server, r.stdout)
				}
				if c.Second != "" && (len(rep.Errors) < 2 || rep.Errors[1].Code != c.Second) {
					t.Errorf("%v --json: second error is not %s\n%s", cmd, c.Second, r.stdout)
				}

				r = run(t, env, setupfaults.Password+"\n", args...)
				first := ""
				for _, line := range strings.Split(r.stdout, "\n") {
					if m := titleLine.FindStringSubmatch(line); m != nil {
						first = m[1]
						break
					}
				}
				if first != c.Code || (c.Server != "" && !strings.Contains(r.stdout, "server: "+c.Server)) {
					t.Errorf("%v text: first explanation [%s], want [%s] naming %s\n%s", cmd, first, c.Code, c.Server, r.stdout)
				}
			}
		})
	}
}
