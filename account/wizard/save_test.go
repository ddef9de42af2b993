package wizard

import (
	"context"
	"fmt"
	"testing"

	"wren/account"
	"wren/account/discover"
	"wren/account/setup"
	"wren/account/verify"
	"wren/transport"
)

// okRun answers every run: discovery finds the example.com servers,
// verification succeeds on whatever servers it was given.
func okRun(_ context.Context, req setup.Request, _ func(discover.Event)) *setup.Report {
	if req.Incoming == nil {
		s := account.Server{Protocol: account.IMAP, Host: "imap.example.com", Port: 993, Security: transport.SecurityTLS, Auth: account.AuthPassword, Source: account.SourceISPDB}
		o := account.Server{Protocol: account.SMTP, Host: "smtp.example.com", Port: 465, Security: transport.SecurityTLS, Auth: account.AuthPassword, Source: account.SourceISPDB}
		return &setup.Report{Address: req.Address, Incoming: &setup.Choice{Server: s}, Outgoing: &setup.Choice{Server: o}}
	}
	in, out := *req.Incoming, *req.Outgoing
	in.Username, out.Username = req.Address, req.Address
	return &setup.Report{Address: req.Address, OK: true, Incoming: &setup.Choice{Server: in}, Outgoing: &setup.Choice{Server: out},
		Verify: &verify.Result{OK: true, Incoming: []verify.Check{{Step: verify.StepLogin, OK: true}}, Outgoing: []verify.Check{{Step: verify.StepLogin, OK: true}}}}
}

// A locked keyring: nothing is saved, the explanation and the
// session-only choice are offered, and taking it saves the account with
// the password in memory only.
func TestKeyringFailureOffersSessionOnly(t *testing.T) {
	states := make(watch, 256)
	secrets := &memSecrets{failSet: fmt.Errorf("unlock dismissed: %w", account.ErrKeyringLocked)}
	prof := &memProfile{}
	w := New(Deps{Run: okRun, Secrets: secrets, Profile: prof, OnChange: states.onChange})
	defer w.Close()
	w.Submit("", "bob@example.com", "pw")
	s := states.await(t, "settings", func(s State) bool { return s.Step == StepSettings })
	if s.Incoming.Source != account.SourceISPDB {
		t.Fatalf("incoming %+v", s.Incoming)
	}
	w.Continue()
	states.await(t, "results", func(s State) bool { return s.Step == StepResult })
	w.Finish()
	s = states.await(t, "a save problem", func(s State) bool { return s.SaveProblem != nil })
	if !s.SessionOnlyOffered || s.Step != StepResult || len(prof.accts) != 0 {
		t.Fatalf("offered %v step %d profile %d", s.SessionOnlyOffered, s.Step, len(prof.accts))
	}
	w.KeepForSession()
	s = states.await(t, "done", func(s State) bool { return s.Step == StepDone })
	if !s.SessionOnly || len(prof.accts) != 1 || prof.accts[0].Name != "bob@example.com" || prof.accts[0].Incoming.Source != account.SourceISPDB {
		t.Fatalf("session only %v, profile %+v", s.SessionOnly, prof.accts)
	}
	if len(secrets.session) != 2 || len(secrets.saved) != 0 {
		t.Fatalf("session passwords %d, keyring %d", len(secrets.session), len(secrets.saved))
	}
}

// A discovery cancelled by the user never overwrites the state later.
func TestCancelledRunIsDropped(t *testing.T) {
	states := make(watch, 256)
	release := make(chan struct{})
	ended := make(chan struct{})
	run := func(ctx context.Context, req setup.Request, p func(discover.Event)) *setup.Report {
		defer close(ended)
		<-release
		p(discover.Event{Source: account.SourceSRV, Kind: discover.Started})
		return okRun(ctx, req, p)
	}
	w := New(Deps{Run: run, Secrets: &memSecrets{}, Profile: &memProfile{}, OnChange: states.onChange})
	defer w.Close()
	w.Submit("", "bob@example.com", "pw")
	w.Cancel()
	close(release)
	<-ended
	w.Close()
	if s := w.State(); s.Step != StepCredentials || len(s.Sources) != 0 {
		t.Fatalf("a cancelled run changed the state: step %d, %d rows", s.Step, len(s.Sources))
	}
}

func TestFixFor(t *testing.T) {
	for _, c := range []struct {
		err  error
		want Fix
	}{
		{&transport.Error{Code: transport.CodeIMAPAuthFailed}, FixPassword},
		{fmt.Errorf("login: %w", &transport.Error{Code: transport.CodeSMTPAppPassword}), FixPassword},
		{&transport.Error{Code: transport.CodeHostNotFound}, FixSettings},
		{fmt.Errorf("%w: smtp", account.ErrPlaintext), FixSettings},
		{&transport.Error{Code: transport.CodeIMAPUnavailable}, FixNone},
		{nil, FixNone},
	} {
		if got := fixFor(c.err); got != c.want {
			t.Errorf("fixFor(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestRegistrable(t *testing.T) {
	for host, want := range map[string]string{"mail.example.co.uk": "example.co.uk", "imap.Hoster.NET.": "hoster.net", "127.0.0.2": "127.0.0.2"} {
		if got := Registrable(host); got != want {
			t.Errorf("Registrable(%q) = %q, want %q", host, got, want)
		}
	}
}
