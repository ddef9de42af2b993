package setup

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"wren/account"
	"wren/account/discover"
	"wren/account/explain"
	"wren/account/setup"
	"wren/account/verify"
	"wren/account/wizard"
	"wren/transport"
)

// Step 1 refuses a bad address with its explanation; a good one starts
// discovery without the password, shows one row per source, offers
// "Configure manually" when the timer fires, and that leads to a form
// pre-filled with the domain's usual servers.
func TestAddressPasswordAndDiscoveryProgress(t *testing.T) {
	h := newHarness(t)
	test.Type(h.v.cred.address, "not an address")
	test.Tap(h.v.cred.next)
	s := h.pump("an address error", func(s wizard.State) bool { return s.AddressError != nil })
	if s.Step != wizard.StepCredentials || len(h.v.cred.problem.Objects) != 1 {
		t.Fatalf("bad address: step %d, %d explanations shown", s.Step, len(h.v.cred.problem.Objects))
	}

	h.v.cred.address.SetText("")
	test.Type(h.v.cred.address, "alice@example.com")
	test.Type(h.v.cred.password, "first-secret")
	test.Tap(h.v.cred.next)
	c := h.eng.next(t)
	if c.req.Address != "alice@example.com" || c.req.Password != "" {
		t.Fatalf("discovery request %q with password set: %v", c.req.Address, c.req.Password != "")
	}
	h.step(wizard.StepDiscovering)
	if h.v.progress.manual.Visible() {
		t.Fatal("Configure manually shown before the timer fired")
	}
	c.progress(discover.Event{Source: account.SourceAutoconfig, Kind: discover.Started})
	c.progress(discover.Event{Source: account.SourceSRV, Kind: discover.Started})
	c.progress(discover.Event{Source: account.SourceAutoconfig, Kind: discover.Finished})
	h.pump("two rows", func(s wizard.State) bool { return len(s.Sources) == 2 && s.Sources[0].Status == wizard.RowNothing })
	rows := labels(h.v.progress.rows)
	if len(rows) != 2 || !strings.HasSuffix(rows[0], "nothing there") || !strings.HasSuffix(rows[1], "…") {
		t.Fatalf("progress rows %q", rows)
	}

	h.timer <- time.Now()
	h.pump("the manual offer", func(s wizard.State) bool { return s.ManualOffered })
	if !h.v.progress.manual.Visible() {
		t.Fatal("Configure manually not shown after the timer")
	}
	test.Tap(h.v.progress.manual)
	h.step(wizard.StepSettings)
	if h.v.settings.in.host.Text != "imap.example.com" || h.v.settings.out.port.Text != "465" {
		t.Fatalf("manual defaults: %q %q", h.v.settings.in.host.Text, h.v.settings.out.port.Text)
	}
}

// Cancel during discovery goes back to step 1 with the address kept.
func TestCancelDiscovery(t *testing.T) {
	h := newHarness(t)
	test.Type(h.v.cred.address, "alice@example.com")
	test.Tap(h.v.cred.next)
	h.eng.next(t)
	h.step(wizard.StepDiscovering)
	test.Tap(h.v.progress.cancel)
	h.step(wizard.StepCredentials)
	if h.v.cred.address.Text != "alice@example.com" {
		t.Fatalf("address lost: %q", h.v.cred.address.Text)
	}
}

// A host outside the address's domain and an untrusted certificate both
// need consent: Continue stays off until both boxes are ticked, and the
// next run carries Confirm and TrustCerts.
func TestCertificateAndHostConfirmation(t *testing.T) {
	h := newHarness(t)
	rep := found()
	rep.Incoming.Server.Host, rep.Incoming.Tier = "mail.hoster.net", discover.T2
	rep.NeedsConfirmation = []setup.Confirmation{
		{Host: "mail.hoster.net", Reason: "it was found through the domain's MX records"},
		{Host: "smtp.example.com", Reason: "its certificate is not trusted", Fingerprint: "ab12cd34",
			Cert: &verify.CertInfo{Subject: "CN=smtp.example.com", Issuer: "CN=Example Private CA", SANs: []string{"smtp.example.com"},
				NotBefore: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Fingerprint: "ab12cd34"}},
	}
	h.start(rep)

	st := &h.v.settings
	if len(st.checks) != 2 || !st.verify.Disabled() {
		t.Fatalf("%d confirmations, Continue disabled %v", len(st.checks), st.verify.Disabled())
	}
	if st.domainHeadings[0].Text != "hoster.net" {
		t.Errorf("registrable domain shown %q", st.domainHeadings[0].Text)
	}
	shown := strings.Join(labels(st.warnings), "\n")
	for _, want := range []string{"ab12cd34", "Issuer: CN=Example Private CA", "Names: smtp.example.com", "2026-01-01 to 2027-01-01"} {
		if !strings.Contains(shown, want) {
			t.Errorf("certificate card lacks %q:\n%s", want, shown)
		}
	}
	if !strings.Contains(h.v.settings.in.source.Text, "autoconfig") || !strings.Contains(h.v.settings.in.secure.Text, "TLS") {
		t.Errorf("source %q security %q", h.v.settings.in.source.Text, h.v.settings.in.secure.Text)
	}

	test.Tap(st.checks[0])
	h.pump("the host accepted", func(s wizard.State) bool { return s.Confirmations[0].Accepted })
	if !st.verify.Disabled() {
		t.Fatal("Continue enabled with the certificate still unanswered")
	}
	test.Tap(st.checks[1])
	h.pump("both accepted", func(s wizard.State) bool { return s.CanContinue() })
	if st.verify.Disabled() {
		t.Fatal("Continue still disabled")
	}
	test.Tap(st.verify)
	c := h.eng.next(t)
	if !slices.Equal(c.req.TrustCerts, []string{"ab12cd34"}) || !slices.Equal(c.req.Confirm, []string{"mail.hoster.net"}) {
		t.Fatalf("rerun with TrustCerts %q Confirm %q", c.req.TrustCerts, c.req.Confirm)
	}
	if c.req.Password != "first-secret" || c.req.Incoming == nil || c.req.Incoming.Host != "mail.hoster.net" {
		t.Fatalf("rerun servers %+v", c.req.Incoming)
	}
	h.eng.reports <- verified(c.req)
	h.step(wizard.StepResult)
	if h.v.result.finish.Disabled() || !strings.Contains(h.v.result.inLine.Text, "works") {
		t.Fatalf("result %q, Finish disabled %v", h.v.result.inLine.Text, h.v.result.finish.Disabled())
	}
}

// A host typed by the user replaces the discovered one, is marked as
// typed, and choosing no encryption asks for consent first.
func TestManualHostEdit(t *testing.T) {
	h := newHarness(t)
	h.start(found())
	in := h.v.settings.in
	in.host.SetText("")
	test.Type(in.host, "mail.example.org")
	in.security.SetSelected("None (not encrypted)")
	h.pump("a plaintext warning", func(s wizard.State) bool {
		return len(s.Confirmations) == 1 && s.Confirmations[0].Kind == wizard.ConfirmPlaintext
	})
	if in.source.Text != "From: you (typed by hand)" || !h.v.settings.verify.Disabled() {
		t.Fatalf("source %q, Continue disabled %v", in.source.Text, h.v.settings.verify.Disabled())
	}
	in.security.SetSelected("TLS")
	h.pump("no warning", func(s wizard.State) bool {
		return len(s.Confirmations) == 0 && s.Incoming.Security == transport.SecurityTLS
	})
	test.Tap(h.v.settings.verify)
	c := h.eng.next(t)
	if c.req.Incoming.Host != "mail.example.org" || c.req.Outgoing.Host != "smtp.example.com" || c.req.AllowPlaintext {
		t.Fatalf("request servers %v / %v", c.req.Incoming, c.req.Outgoing)
	}
	h.eng.reports <- verified(c.req)
	h.step(wizard.StepResult)
}

// A wrong password shows the real IMAP-02 explanation and the password
// field; the corrected password verifies, and Finish puts it in the
// keyring and the account in the profile.
func TestWrongPasswordThenSaved(t *testing.T) {
	h := newHarness(t)
	h.start(found())
	test.Tap(h.v.settings.verify)
	c := h.eng.next(t)
	bad := &transport.Error{Code: transport.CodeIMAPAuthFailed, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993",
		Step: transport.StepAuth, ServerCode: "NO AUTHENTICATIONFAILED", ServerText: "Authentication failed."}
	want := explain.Explain(bad, explain.Context{Operation: explain.OpSetup})
	rep := verified(c.req)
	rep.OK, rep.Verify.OK, rep.Verify.IncomingUsername = false, false, ""
	rep.Verify.Incoming = []verify.Check{{Step: verify.StepLogin, Username: "alice@example.com", Err: bad}}
	rep.Errors = []error{bad}
	h.eng.reports <- rep
	s := h.step(wizard.StepResult)
	if s.Fix != wizard.FixPassword || !h.v.result.passwordBox.Visible() || !h.v.result.finish.Disabled() {
		t.Fatalf("fix %d, password box %v, Finish disabled %v", s.Fix, h.v.result.passwordBox.Visible(), h.v.result.finish.Disabled())
	}
	shown := labels(h.v.result.problems)
	if !slices.Contains(shown, want.Title) || !strings.Contains(h.v.result.inLine.Text, want.Title) {
		t.Fatalf("explanation %q not shown in %q", want.Title, shown)
	}
	if len(shown) == 0 || strings.Count(strings.Join(shown, "\n"), want.Title) != 1 {
		t.Errorf("the failure is explained more than once: %q", shown)
	}

	test.Type(h.v.result.password, "second-secret")
	test.Tap(h.v.result.retry)
	c = h.eng.next(t)
	if c.req.Password != "second-secret" || c.req.Incoming.Host != "imap.example.com" {
		t.Fatalf("retry request: password changed %v, host %q", c.req.Password == "second-secret", c.req.Incoming.Host)
	}
	h.eng.reports <- verified(c.req)
	h.step(wizard.StepResult)
	test.Tap(h.v.result.finish)
	a := <-h.done
	h.step(wizard.StepDone)
	if a.Name != "Alice" || a.Incoming.Source != account.SourceAutoconfig || a.Incoming.Host != "imap.example.com" {
		t.Fatalf("saved account %+v", a)
	}
	if len(h.profile.accts) != 1 || h.profile.accts[0].Address != "alice@example.com" {
		t.Fatalf("profile %+v", h.profile.accts)
	}
	for _, srv := range []account.Server{a.Incoming, a.Outgoing} {
		if h.secrets.saved[a.SecretKey(srv)] != "second-secret" {
			t.Errorf("keyring lacks the corrected password for %s", srv.Host)
		}
	}
}
