package wizard

import (
	"context"
	"testing"

	"wren/account"
	"wren/account/discover"
	"wren/account/setup"
	"wren/transport"
	"wren/transport/testserver"
)

// The whole flow with the real engine and the real servers: discovery
// finds nothing (its DNS goes to a closed port), the user types the
// servers, verification logs in to both, and Finish saves the password
// before the account.
func TestRealEngineManualServers(t *testing.T) {
	srv := testserver.Require(t)
	user := srv.NewUser(t)
	env := setup.Env{RootCAs: srv.Options().RootCAs, DNS: "127.0.0.1:9"}
	run := func(ctx context.Context, req setup.Request, p func(discover.Event)) *setup.Report {
		return setup.Run(ctx, env, req, p)
	}
	states := make(watch, 1024)
	secrets, prof := &memSecrets{}, &memProfile{}
	done := make(chan account.Account, 1)
	w := New(Deps{Run: run, Secrets: secrets, Profile: prof, OnChange: states.onChange,
		OnDone: func(a account.Account) { done <- a }})
	defer w.Close()

	if !w.Submit("Harness", user.Address, user.Password) {
		t.Fatalf("address %q refused", user.Address)
	}
	s := states.await(t, "the settings step", func(s State) bool { return s.Step == StepSettings })
	if s.Incoming.Host != "imap.wren.test" || s.Incoming.Port != 993 || len(s.Problems) == 0 {
		t.Fatalf("after a failed discovery: incoming %+v problems %d", s.Incoming, len(s.Problems))
	}

	w.SetIncoming(ServerForm{Protocol: account.IMAP, Host: "127.0.0.2", Port: 10993, Security: transport.SecurityTLS})
	w.SetOutgoing(ServerForm{Protocol: account.SMTP, Host: "127.0.0.2", Port: 10465, Security: transport.SecurityTLS})
	w.Continue()
	s = states.await(t, "results", func(s State) bool { return s.Step == StepResult })
	if !s.In.OK || !s.Out.OK || s.Fix != FixNone {
		t.Fatalf("verification: in %+v out %+v problems %+v", s.In, s.Out, s.Problems)
	}

	w.Finish()
	a := <-done
	s = states.await(t, "done", func(s State) bool { return s.Step == StepDone })
	if s.Saved == nil || s.Saved.Name != "Harness" || a.Incoming.Port != 10993 || a.Outgoing.Port != 10465 {
		t.Fatalf("saved %+v", a)
	}
	if len(prof.accts) != 1 || prof.accts[0].Address != user.Address {
		t.Fatalf("profile holds %+v", prof.accts)
	}
	for _, srvr := range []account.Server{a.Incoming, a.Outgoing} {
		if got := secrets.saved[a.SecretKey(srvr)]; got != user.Password {
			t.Errorf("no password saved for %s", srvr)
		}
	}
}
