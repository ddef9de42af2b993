package wizard

import (
	"context"
	"strings"
	"testing"

	"wren/account"
	"wren/account/discover"
	"wren/account/setup"
	"wren/account/verify"
	"wren/transport"
)

// Discovery found nothing: the usual server names are filled in and
// labelled a guess until the user edits them.
func TestUsualNamesAreLabelledAGuess(t *testing.T) {
	states := make(watch, 256)
	run := func(_ context.Context, req setup.Request, _ func(discover.Event)) *setup.Report {
		return &setup.Report{Address: req.Address}
	}
	w := New(Deps{Run: run, Secrets: &memSecrets{}, Profile: &memProfile{}, OnChange: states.onChange})
	defer w.Close()
	w.Submit("", "bob@example.com", "pw")
	s := states.await(t, "settings", func(s State) bool { return s.Step == StepSettings })
	for _, f := range []ServerForm{s.Incoming, s.Outgoing} {
		if f.Source != account.SourceGuess || !strings.Contains(SourceWords(f.Source), "guess") {
			t.Errorf("%s labelled %q (%s)", f.Host, SourceWords(f.Source), f.Source)
		}
	}
	// The form sent back unchanged is still a guess; an edit is the user's.
	w.SetIncoming(s.Incoming)
	if got := w.State().Incoming.Source; got != account.SourceGuess {
		t.Errorf("unchanged form became %s", got)
	}
	edited := s.Incoming
	edited.Host = "mail.example.com"
	w.SetIncoming(edited)
	if got := w.State().Incoming.Source; got != account.SourceManual {
		t.Errorf("edited form is %s, want manual", got)
	}
}

// Typed straight to the settings ("Configure manually" while discovery
// runs): the same guess, the same label.
func TestConfigureManuallyLabelsAGuess(t *testing.T) {
	states := make(watch, 256)
	release := make(chan struct{})
	run := func(ctx context.Context, req setup.Request, _ func(discover.Event)) *setup.Report {
		select {
		case <-ctx.Done():
		case <-release:
		}
		return &setup.Report{Address: req.Address}
	}
	defer close(release)
	w := New(Deps{Run: run, Secrets: &memSecrets{}, Profile: &memProfile{}, OnChange: states.onChange})
	defer w.Close()
	w.Submit("", "bob@example.com", "pw")
	states.await(t, "discovering", func(s State) bool { return s.Step == StepDiscovering })
	w.ConfigureManually()
	s := w.State()
	if s.Step != StepSettings || s.Incoming.Source != account.SourceGuess || s.Outgoing.Source != account.SourceGuess {
		t.Fatalf("step %v, incoming %s, outgoing %s", s.Step, s.Incoming.Source, s.Outgoing.Source)
	}
	w.SetOutgoing(s.Outgoing)
	if got := w.State().Outgoing.Source; got != account.SourceGuess {
		t.Errorf("unchanged outgoing form became %s", got)
	}
}

// Both servers refused the connection: one explanation, saying it
// applies to both, with both servers' details kept for support.
func TestBothSidesFailingAlikeExplainedOnce(t *testing.T) {
	states := make(watch, 256)
	refused := func(p transport.Protocol, server string) []verify.Check {
		return []verify.Check{{Step: verify.StepLogin, Err: &transport.Error{Code: transport.CodeRefused, Protocol: p, Server: server, Step: transport.StepConnect}}}
	}
	run := func(ctx context.Context, req setup.Request, p func(discover.Event)) *setup.Report {
		if req.Incoming == nil {
			return okRun(ctx, req, p)
		}
		in, out := refused(transport.ProtoIMAP, "imap.example.com:993"), refused(transport.ProtoSMTP, "smtp.example.com:465")
		// The engine reports each side's failure among its errors too.
		return &setup.Report{Address: req.Address, Incoming: &setup.Choice{Server: *req.Incoming}, Outgoing: &setup.Choice{Server: *req.Outgoing},
			Verify: &verify.Result{Incoming: in, Outgoing: out}, Errors: []error{in[0].Err, out[0].Err}}
	}
	w := New(Deps{Run: run, Secrets: &memSecrets{}, Profile: &memProfile{}, OnChange: states.onChange})
	defer w.Close()
	w.Submit("", "bob@example.com", "pw")
	states.await(t, "settings", func(s State) bool { return s.Step == StepSettings })
	w.Continue()
	s := states.await(t, "results", func(s State) bool { return s.Step == StepResult })
	if s.In.Problem == nil || s.Out.Problem == nil {
		t.Fatalf("sides: in %+v out %+v", s.In, s.Out)
	}
	es := s.Explanations()
	if len(es) != 1 {
		t.Fatalf("%d explanations, want one for both: %+v", len(es), es)
	}
	e := es[0]
	if strings.Count(e.Fix, "Check the port") != 1 || !strings.Contains(e.Explanation, "smtp.example.com:465") ||
		!strings.Contains(e.Explanation, "applies to both") {
		t.Errorf("explanation %q, fix %q", e.Explanation, e.Fix)
	}
	if e.Also == nil || e.Also.Server != "smtp.example.com:465" || e.Details.Server != "imap.example.com:993" {
		t.Errorf("details %+v, also %+v", e.Details, e.Also)
	}
	if strings.Contains(e.Fix, "Wren will try again") {
		t.Errorf("the wizard promises a retry: %q", e.Fix)
	}
}
