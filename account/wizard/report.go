package wizard

import (
	"errors"
	"slices"
	"strings"

	"wren/account"
	"wren/account/explain"
	"wren/account/setup"
	"wren/account/verify"
	"wren/transport"
)

// discovered shows the settings a discovery run found; the lock is held.
func (w *Wizard) discovered(rep *setup.Report) {
	w.provider = providerOf(rep)
	din, dout := defaultForms(w.st.AddressDomain)
	w.st.Incoming, w.found.in, w.stated.in = formOf(rep.Incoming, din)
	w.st.Outgoing, w.found.out, w.stated.out = formOf(rep.Outgoing, dout)
	w.conf = confirmationsOf(rep)
	w.st.Confirmations = w.reconcile()
	w.offerSignIn(rep)
	var errs []error
	for _, err := range rep.Errors {
		if w.signIn != nil && errors.Is(err, account.ErrNeedsOAuth) {
			continue // offered: "Sign in with …"
		}
		// A host waiting for consent is asked as a confirmation. A
		// certificate to trust is both: the explanation says what is
		// wrong with it (the same first words as `wren doctor`), the
		// confirmation offers to trust it.
		if errors.Is(err, account.ErrNeedsConfirmation) {
			continue
		}
		errs = append(errs, err)
	}
	w.st.Problems = mergeSides(explain.ExplainAll(errs, w.explainContext()))
	w.st.Step = StepSettings
	w.logProblems()
}

// logProblems records which explanations the user is shown, first first:
// what support asks for, and what the real-window tests read.
func (w *Wizard) logProblems() {
	es := w.st.Explanations()
	if len(es) == 0 {
		return
	}
	codes := make([]string, 0, len(es))
	for _, e := range es {
		codes = append(codes, e.Code+" "+e.Details.Server)
	}
	w.d.Logger.Info("setup explained", "step", w.st.Step.String(), "first", es[0].Code, "server", es[0].Details.Server,
		"all", strings.Join(codes, "; "))
}

// verified shows a verification run's outcome; the lock is held. New
// confirmations (a certificate seen only now) send the user back to the
// settings.
func (w *Wizard) verified(rep *setup.Report) {
	w.report = rep
	added := false
	for _, c := range confirmationsOf(rep) {
		if !slices.ContainsFunc(w.conf, func(have Confirmation) bool { return same(have, c) }) {
			w.conf = append(w.conf, c)
			added = true
		}
	}
	if added {
		w.st.Confirmations = w.reconcile()
		w.st.Step = StepSettings
		return
	}
	ctx := w.explainContext()
	var fixFrom []error
	if v := rep.Verify; v != nil {
		var inErr, outErr error
		w.st.In, inErr = sideOf(v.Incoming, v.IncomingUsername, ctx)
		w.st.Out, outErr = sideOf(v.Outgoing, v.OutgoingUsername, ctx)
		fixFrom = append(fixFrom, inErr, outErr)
	}
	// The engine's order is the user's: the most telling failure first
	// (issue #12), the same as the command line prints.
	w.st.Problems = nil
	for _, err := range rep.Errors {
		w.st.Problems = append(w.st.Problems, explain.Explain(err, ctx))
		fixFrom = append(fixFrom, err)
	}
	w.st.Problems = mergeSides(w.st.Problems)
	w.st.Fix = FixNone
	for _, err := range fixFrom {
		if f := fixFor(err); err != nil && f != FixNone {
			w.st.Fix = f
			break
		}
	}
	w.st.Step = StepResult
	w.logProblems()
}

// sideOf is one server's result and the error that explains its failure.
func sideOf(checks []verify.Check, username string, ctx explain.Context) (SideResult, error) {
	r := SideResult{Ran: len(checks) > 0, Username: username}
	for _, c := range checks {
		if c.Step == verify.StepLogin && c.OK {
			r.OK = true
		}
	}
	if r.OK || !r.Ran {
		return r, nil
	}
	for i := len(checks) - 1; i >= 0; i-- {
		if !checks[i].OK && checks[i].Err != nil {
			e := explain.Explain(checks[i].Err, ctx)
			r.Problem = &e
			return r, checks[i].Err
		}
	}
	return r, nil
}

func formOf(c *setup.Choice, def ServerForm) (form, found ServerForm, stated bool) {
	if c == nil {
		// Nothing found: the usual names, a guess until edited.
		return def, def, false
	}
	s := c.Server
	f := ServerForm{Protocol: s.Protocol, Host: s.Host, Port: s.Port, Security: s.Security, Username: s.Username, Source: s.Source}
	return f, f, c.Stated
}

func confirmationsOf(rep *setup.Report) []Confirmation {
	var out []Confirmation
	for _, c := range rep.NeedsConfirmation {
		k := Confirmation{Kind: ConfirmHost, Host: c.Host, Domain: Registrable(c.Host), Reason: c.Reason}
		if c.Fingerprint != "" {
			k.Kind, k.Fingerprint = ConfirmCert, c.Fingerprint
			if ci := c.Cert; ci != nil {
				k.Cert = &CertFacts{Subject: ci.Subject, Issuer: ci.Issuer, SANs: slices.Clone(ci.SANs), NotBefore: ci.NotBefore, NotAfter: ci.NotAfter}
			}
		}
		out = append(out, k)
	}
	return out
}

// reconcile lists the confirmations that concern the chosen hosts: those
// the engine asked for this session (kept even while a host is edited
// away, so typing it back asks again) and one per plaintext server; the
// lock is held.
func (w *Wizard) reconcile() []Confirmation {
	hosts := []string{w.st.Incoming.Host, w.st.Outgoing.Host}
	var out []Confirmation
	for _, c := range w.conf {
		if slices.Contains(hosts, c.Host) {
			out = append(out, c)
		}
	}
	for _, f := range []ServerForm{w.st.Incoming, w.st.Outgoing} {
		if f.Security != transport.SecurityPlain || slices.ContainsFunc(out, func(c Confirmation) bool { return c.Kind == ConfirmPlaintext && c.Host == f.Host }) {
			continue
		}
		c := Confirmation{Kind: ConfirmPlaintext, Host: f.Host, Domain: Registrable(f.Host),
			Reason: "the connection is not encrypted: anyone on the network can read your mail (Wren still never sends the password over it)"}
		c.Accepted = slices.ContainsFunc(w.st.Confirmations, func(o Confirmation) bool { return same(o, c) && o.Accepted })
		out = append(out, c)
	}
	return out
}

func same(a, b Confirmation) bool {
	return a.Kind == b.Kind && a.Host == b.Host && a.Fingerprint == b.Fingerprint
}

func (w *Wizard) explainContext() explain.Context {
	return explain.Context{Operation: explain.OpSetup, Provider: w.provider}
}

func providerOf(rep *setup.Report) explain.Provider {
	if rep.Discovery == nil {
		return explain.Provider{}
	}
	return explain.ProviderOf(rep.Discovery.Provider)
}
