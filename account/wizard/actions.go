package wizard

import (
	"strings"

	"wren/account"
	"wren/account/discover"
	"wren/account/explain"
	"wren/account/setup"
	"wren/transport"
)

// Submit takes step 1 and starts discovery. It returns false, with
// State.AddressError set, when the address cannot be set up.
func (w *Wizard) Submit(name, address, password string) bool {
	addr, err := discover.ParseAddress(address)
	ok := err == nil
	w.update(func() {
		w.st.Name, w.st.Address = strings.TrimSpace(name), strings.TrimSpace(address)
		w.st.AddressError = nil
		if !ok {
			e := explain.Explain(err, explain.Context{Operation: explain.OpSetup})
			w.st.AddressError = &e
			return
		}
		w.password = password
		w.st.HasPassword = password != ""
		w.st.Address, w.st.AddressDomain = addr.Full, addr.Domain
		w.st.Step = StepDiscovering
		w.st.Sources, w.st.ManualOffered, w.st.Problems = nil, false, nil
		w.st.Confirmations, w.conf = nil, nil
		w.st.In, w.st.Out, w.st.Fix = SideResult{}, SideResult{}, FixNone
		// Discovery runs without the password: it reaches a server only
		// after the user has seen and accepted the settings (step 3).
		w.start(setup.Request{Address: addr.Full}, phaseDiscover)
	})
	return ok
}

// Cancel stops the run in progress: discovery goes back to step 1,
// verification to the settings.
func (w *Wizard) Cancel() {
	w.update(func() {
		w.stopRun()
		switch w.st.Step {
		case StepDiscovering:
			w.st.Step = StepCredentials
		case StepVerifying, StepSigningIn:
			w.st.Step, w.st.SignInURL = StepSettings, ""
		}
	})
}

// ConfigureManually leaves a slow discovery for the settings form,
// pre-filled with the usual host names of the address's domain.
func (w *Wizard) ConfigureManually() {
	w.update(func() {
		if w.st.Step != StepDiscovering {
			return
		}
		w.stopRun()
		w.st.Incoming, w.st.Outgoing = defaultForms(w.st.AddressDomain)
		// Left as they are, the usual names stay labelled a guess.
		w.found.in, w.found.out = w.st.Incoming, w.st.Outgoing
		w.st.Confirmations = w.reconcile()
		w.st.Step = StepSettings
	})
}

// Back returns from the settings to step 1.
func (w *Wizard) Back() {
	w.update(func() {
		if w.st.Step == StepSettings || w.st.Step == StepResult {
			w.st.Step = StepCredentials
		}
	})
}

// EditSettings returns from the results to the settings.
func (w *Wizard) EditSettings() {
	w.update(func() {
		if w.st.Step == StepResult {
			w.st.Step = StepSettings
		}
	})
}

// SetIncoming and SetOutgoing record the user's edits of a server.
func (w *Wizard) SetIncoming(f ServerForm) { w.setForm(&w.st.Incoming, &w.found.in, f) }

// SetOutgoing: see SetIncoming.
func (w *Wizard) SetOutgoing(f ServerForm) { w.setForm(&w.st.Outgoing, &w.found.out, f) }

func (w *Wizard) setForm(dst, found *ServerForm, f ServerForm) {
	w.update(func() {
		f.Host = strings.TrimSuffix(strings.TrimSpace(f.Host), ".")
		f.Username = strings.TrimSpace(f.Username)
		f.Source = found.Source
		if !sameServer(f, *found) {
			f.Source = account.SourceManual
		}
		*dst = f
		w.st.Confirmations = w.reconcile()
	})
}

// Accept records the user's answer to confirmation i.
func (w *Wizard) Accept(i int, yes bool) {
	w.update(func() {
		if i < 0 || i >= len(w.st.Confirmations) {
			return
		}
		c := &w.st.Confirmations[i]
		c.Accepted = yes
		for j := range w.conf {
			if same(w.conf[j], *c) {
				w.conf[j].Accepted = yes
			}
		}
	})
}

// Continue verifies the settings shown, with the confirmations given. It
// does nothing until every confirmation is accepted.
func (w *Wizard) Continue() {
	w.update(func() {
		if w.st.Step != StepSettings && w.st.Step != StepResult || !w.st.CanContinue() {
			return
		}
		w.verify()
	})
}

// RetryPassword verifies again with a corrected password.
func (w *Wizard) RetryPassword(password string) {
	w.update(func() {
		if w.st.Step != StepResult || !w.st.CanContinue() {
			return
		}
		w.password = password
		w.st.HasPassword = password != ""
		w.verify()
	})
}

// verify starts the verification run; the lock is held.
func (w *Wizard) verify() {
	req := setup.Request{Address: w.st.Address, Password: w.password}
	in, out := w.server(w.st.Incoming, w.stated.in), w.server(w.st.Outgoing, w.stated.out)
	req.Incoming, req.Outgoing = &in, &out
	for _, c := range w.st.Confirmations {
		switch {
		case !c.Accepted:
		case c.Kind == ConfirmHost:
			req.Confirm = append(req.Confirm, c.Host)
		case c.Kind == ConfirmCert:
			req.TrustCerts = append(req.TrustCerts, c.Fingerprint)
		case c.Kind == ConfirmPlaintext:
			req.AllowPlaintext = true
		}
	}
	w.st.Step = StepVerifying
	w.st.In, w.st.Out = SideResult{}, SideResult{}
	w.st.Problems, w.st.Fix, w.st.SaveProblem = nil, FixNone, nil
	w.start(req, phaseVerify)
}

// server is the engine's form of f. Every side is passed as typed, so a
// verification never repeats discovery; the wizard has already collected
// the confirmations a discovered host needed. A username the source did
// not state is left out so the engine tries both usual forms.
func (w *Wizard) server(f ServerForm, stated bool) account.Server {
	s := account.Server{Protocol: f.Protocol, Host: f.Host, Port: f.Port, Security: f.Security, Auth: account.AuthPassword}
	if f.Source == account.SourceManual || stated {
		s.Username = f.Username
	}
	return s
}

func sameServer(a, b ServerForm) bool {
	return a.Protocol == b.Protocol && strings.EqualFold(a.Host, b.Host) && a.Port == b.Port &&
		a.Security == b.Security && a.Username == b.Username
}

// defaultForms are the conventional servers of domain (RFC 8314 ports):
// a guess, and labelled one, until the user edits them.
func defaultForms(domain string) (in, out ServerForm) {
	in = ServerForm{Protocol: account.IMAP, Host: "imap." + domain, Port: 993, Security: transport.SecurityTLS, Source: account.SourceGuess}
	out = ServerForm{Protocol: account.SMTP, Host: "smtp." + domain, Port: 465, Security: transport.SecurityTLS, Source: account.SourceGuess}
	return in, out
}
