package demo

import (
	"slices"
	"testing"

	"wren/account"
	"wren/account/setup"
	"wren/account/verify"
	"wren/transport"
)

// The account packages' own checks pass against the demo: a probe of each
// server with only the saved pin, and a full setup run with the servers
// typed in, both with the demo CA and with the system roots plus the pin.
func TestVerifyProbeAndSetup(t *testing.T) {
	d := start(t, Options{})
	for _, s := range []account.Server{d.IMAP, d.SMTP} {
		pr, err := verify.Probe(t.Context(), s, transport.Options{})
		if err != nil {
			t.Fatalf("probe %s: %v", s, err)
		}
		if pr.Outcome != verify.OutcomeOK || !pr.TLS || !slices.Contains(pr.AuthMechs, "PLAIN") {
			t.Errorf("probe %s: outcome %s, tls %v, mechanisms %v; want ok, tls, PLAIN", s, pr.Outcome, pr.TLS, pr.AuthMechs)
		}
	}
	for name, env := range map[string]setup.Env{
		"demo CA":  {RootCAs: d.RootCAs},
		"pin only": {},
	} {
		t.Run(name, func(t *testing.T) {
			in, out := d.IMAP, d.SMTP
			rep := setup.Run(t.Context(), env, setup.Request{
				Address: Address, Password: d.Password, Incoming: &in, Outgoing: &out,
			}, nil)
			if !rep.OK || len(rep.Errors) > 0 || len(rep.NeedsConfirmation) > 0 {
				t.Fatalf("setup: ok %v, errors %v, confirmations %+v", rep.OK, rep.Errors, rep.NeedsConfirmation)
			}
			a := rep.Account(AccountName, "")
			if a.Incoming.Endpoint() != d.IMAP.Endpoint() || a.Outgoing.Endpoint() != d.SMTP.Endpoint() || a.Incoming.Pin != d.Fingerprint {
				t.Errorf("account from setup %+v, want the demo's servers and pin", a)
			}
		})
	}
	if d.Account.Name != "Demo" || d.Account.Address != Address || d.Account.Incoming != d.IMAP || d.Account.Outgoing != d.SMTP {
		t.Errorf("Demo.Account %+v", d.Account)
	}
}
