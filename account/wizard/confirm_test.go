package wizard

import (
	"context"
	"testing"

	"wren/account/discover"
	"wren/account/setup"
)

// A host the engine asked about stays asked for: editing it away and
// typing it back does not skip the confirmation, and Continue starts no
// run until it is given.
func TestConfirmationSurvivesEdits(t *testing.T) {
	states := make(watch, 256)
	runs := make(chan setup.Request, 4)
	run := func(ctx context.Context, req setup.Request, p func(discover.Event)) *setup.Report {
		runs <- req
		rep := okRun(ctx, req, p)
		if req.Incoming == nil {
			rep.Incoming.Server.Host = "mail.hoster.net"
			rep.NeedsConfirmation = []setup.Confirmation{{Host: "mail.hoster.net", Reason: "found through MX"}}
		}
		return rep
	}
	w := New(Deps{Run: run, Secrets: &memSecrets{}, Profile: &memProfile{}, OnChange: states.onChange})
	defer w.Close()
	w.Submit("", "bob@example.com", "pw")
	<-runs
	s := states.await(t, "settings", func(s State) bool { return s.Step == StepSettings })
	if len(s.Confirmations) != 1 || s.Confirmations[0].Domain != "hoster.net" || s.CanContinue() {
		t.Fatalf("confirmations %+v", s.Confirmations)
	}
	in := s.Incoming
	edited := in
	edited.Host = "imap.example.com"
	w.SetIncoming(edited)
	if s = w.State(); len(s.Confirmations) != 0 || !s.CanContinue() {
		t.Fatalf("after moving to the own domain: %+v", s.Confirmations)
	}
	w.SetIncoming(in)
	if s = w.State(); len(s.Confirmations) != 1 || s.Confirmations[0].Accepted {
		t.Fatalf("typing the host back skipped its confirmation: %+v", s.Confirmations)
	}
	w.Continue()
	if s = w.State(); s.Step != StepSettings || len(runs) != 0 {
		t.Fatalf("Continue ran without the confirmation (step %d)", s.Step)
	}
	w.Accept(0, true)
	w.Continue()
	req := <-runs
	if len(req.Confirm) != 1 || req.Confirm[0] != "mail.hoster.net" || req.Password != "pw" {
		t.Fatalf("verification request confirm %q", req.Confirm)
	}
	states.await(t, "results", func(s State) bool { return s.Step == StepResult && s.In.OK && s.Out.OK })
}
