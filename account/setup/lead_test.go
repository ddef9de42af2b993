package setup_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"wren/account/discover"
	"wren/account/explain"
	"wren/account/internal/setupfaults"
	"wren/account/setup"
	"wren/transport"
	"wren/transport/testmail"
)

// quick keeps failure runs short on a loaded machine.
var quick = transport.Timeouts{Connect: 3 * time.Second, TLS: 3 * time.Second, Greeting: 3 * time.Second,
	Command: 3 * time.Second, Transfer: 5 * time.Second}

func envOf(w *setupfaults.World) setup.Env {
	return setup.Env{DNS: w.DNS.Addr, RootCAs: w.Roots, Dial: w.Dial, Timeouts: quick,
		Discovery: discover.Timeouts{Total: 20 * time.Second, Probe: 5 * time.Second, Guess: 15 * time.Second, Stagger: time.Millisecond, HTTP: 2 * time.Second, DNS: 2 * time.Second}}
}

// Every setup failure class leads with its own code and host (issue #12);
// "not found" only when nothing was found at all.
func TestFirstErrorNamesTheRealCause(t *testing.T) {
	for _, c := range setupfaults.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			w := c.Start(t)
			req := setup.Request{Address: setupfaults.Address}
			if c.Password {
				req.Password = setupfaults.Password
			}
			rep := setup.Run(t.Context(), envOf(w), req, nil)
			if rep.OK || len(rep.Errors) == 0 {
				t.Fatalf("ok %v, errors %v", rep.OK, rep.Errors)
			}
			es := explain.ExplainAll(rep.Errors, explain.Context{Operation: explain.OpSetup})
			if es[0].Code != c.Code || es[0].Details.Server != c.Server {
				t.Fatalf("first error %s at %q, want %s at %q; all: %v", es[0].Code, es[0].Details.Server, c.Code, c.Server, rep.Errors)
			}
			if c.Second != "" && (len(es) < 2 || es[1].Code != c.Second) {
				t.Errorf("second error: %v, want %s", rep.Errors, c.Second)
			}
			for _, e := range es[1:] {
				if e.Code == "ACCT-01" && c.Code != "ACCT-01" && c.Second != "ACCT-01" {
					t.Errorf("ACCT-01 beside a real cause: %v", rep.Errors)
				}
			}
			if c.Password {
				return
			}
			// With the password, no server that failed a check gets it.
			req.Password = setupfaults.Password
			rep = setup.Run(t.Context(), envOf(w), req, nil)
			es = explain.ExplainAll(rep.Errors, explain.Context{Operation: explain.OpSetup})
			if rep.OK || len(es) == 0 || es[0].Code != c.Code {
				t.Fatalf("with a password: %v", rep.Errors)
			}
			if s := w.Server(c.Server); s != nil {
				for _, cmd := range s.Commands() {
					if len(cmd) > 5 && (containsFold(cmd, " LOGIN ") || containsFold(cmd, "AUTHENTICATE") || containsFold(cmd, "AUTH ")) {
						t.Errorf("%s got a login after failing its check: %q", c.Server, cmd)
					}
				}
			}
		})
	}
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToUpper(s), strings.ToUpper(sub))
}

// RFC 2782/6186: targets are tried in priority order within the SRV
// source; a refusing first target falls back to the next one, which then
// gets the login and is the account's server.
func TestSRVPriorityFallback(t *testing.T) {
	w := setupfaults.Case{
		Zone: []string{
			"_imaps._tcp.example.test. 60 IN SRV 0 1 993 a.example.test.",
			"_imaps._tcp.example.test. 60 IN SRV 10 1 993 b.example.test.",
			"_submissions._tcp.example.test. 60 IN SRV 0 1 465 smtp.example.test.",
			"a.example.test. 60 IN A 127.0.0.1",
		},
		Servers: func(p setupfaults.Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"b.example.test:993": setupfaults.GoodIMAP(p), "smtp.example.test:465": setupfaults.GoodSMTP(p)}
		},
	}.Start(t)
	rep := setup.Run(t.Context(), envOf(w), setup.Request{Address: setupfaults.Address, Password: setupfaults.Password}, nil)
	if !rep.OK || rep.Incoming == nil || rep.Incoming.Server.Host != "b.example.test" || len(rep.Errors) != 0 {
		t.Fatalf("ok %v incoming %+v errors %v", rep.OK, rep.Incoming, rep.Errors)
	}
	if !slices.Contains(w.Dialled(), "a.example.test:993") {
		t.Error("the first target was never tried")
	}
	if got := rep.Account("", "").Incoming.Host; got != "b.example.test" {
		t.Errorf("saved incoming host %q", got)
	}
}

// A "." target says the service is not offered: nothing connects to it,
// and guessing does not probe that service on the domain's hosts.
func TestSRVDotTargetNotProbed(t *testing.T) {
	w := setupfaults.Case{
		Zone: []string{
			"_imaps._tcp.example.test. 60 IN SRV 0 0 0 .",
			"_imap._tcp.example.test. 60 IN SRV 0 1 143 imap.example.test.",
			"_submissions._tcp.example.test. 60 IN SRV 0 1 465 smtp.example.test.",
		},
		Servers: func(p setupfaults.Certs) map[string]testmail.Config {
			return map[string]testmail.Config{
				"imap.example.test:143": {STARTTLS: p.Good.Server},
				"imap.example.test:993": setupfaults.GoodIMAP(p),
				"smtp.example.test:465": setupfaults.GoodSMTP(p),
			}
		},
	}.Start(t)
	rep := setup.Run(t.Context(), envOf(w), setup.Request{Address: setupfaults.Address, Password: setupfaults.Password}, nil)
	if !rep.OK || rep.Incoming == nil || rep.Incoming.Server.Port != 143 {
		t.Fatalf("ok %v incoming %+v errors %v", rep.OK, rep.Incoming, rep.Errors)
	}
	for _, d := range w.Dialled() {
		if strings.HasSuffix(d, ":993") || strings.HasSuffix(d, ":0") || strings.HasPrefix(d, ".") || strings.HasPrefix(d, ":") {
			t.Errorf("dialled %s: the domain said IMAP over TLS is not offered", d)
		}
	}
}
