package wizard

import (
	"context"
	"testing"
	"time"

	"wren/account/discover"
	"wren/account/internal/setupfaults"
	"wren/account/setup"
	"wren/transport"
)

// The wizard's first explanation is the command line's: the same code for
// the same host, for every setup failure class (issue #12).
func TestWizardLeadsWithTheRealCause(t *testing.T) {
	for _, c := range setupfaults.Cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			w := c.Start(t)
			env := setup.Env{DNS: w.DNS.Addr, RootCAs: w.Roots, Dial: w.Dial,
				Timeouts: transport.Timeouts{Connect: 3 * time.Second, TLS: 3 * time.Second, Greeting: 3 * time.Second, Command: 3 * time.Second}}
			run := func(ctx context.Context, req setup.Request, p func(discover.Event)) *setup.Report {
				return setup.Run(ctx, env, req, p)
			}
			states := make(watch, 1024)
			wiz := New(Deps{Run: run, Secrets: &memSecrets{}, Profile: &memProfile{}, OnChange: states.onChange})
			defer wiz.Close()
			if !wiz.Submit("", setupfaults.Address, setupfaults.Password) {
				t.Fatal("address refused")
			}
			s := states.await(t, "the settings step", func(s State) bool { return s.Step == StepSettings })
			if c.Password {
				// Only a login shows this failure: accept what was found
				// and verify.
				for i := range s.Confirmations {
					wiz.Accept(i, true)
				}
				wiz.Continue()
				s = states.await(t, "results", func(s State) bool { return s.Step == StepResult })
			}
			es := s.Explanations()
			if len(es) == 0 {
				t.Fatalf("no explanation; step %v incoming %+v", s.Step, s.Incoming)
			}
			if es[0].Code != c.Code || es[0].Details.Server != c.Server {
				t.Errorf("first explanation %s at %q, want %s at %q (all %+v)", es[0].Code, es[0].Details.Server, c.Code, c.Server, es)
			}
		})
	}
}
