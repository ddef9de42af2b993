package setup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"wren/account"
	"wren/account/discover"
	"wren/account/verify"
	"wren/transport"
)

// Run finds, checks and verifies the settings for req. It sends the
// password only to servers that passed a connection test over verified or
// pinned TLS in this run, and to T2 hosts only when confirmed. progress
// (may be nil) follows the discovery sources.
func Run(ctx context.Context, env Env, req Request, progress func(discover.Event)) *Report {
	rep := &Report{Address: strings.TrimSpace(req.Address)}
	addr, err := discover.ParseAddress(req.Address)
	if err != nil {
		rep.Errors = append(rep.Errors, err)
		return rep
	}
	rep.Address = addr.Full
	opts := env.transportOptions()
	var fl failures
	defer func() { rep.Errors = fl.lead() }()

	if req.Incoming != nil {
		rep.Incoming = manual(*req.Incoming, addr)
	}
	if req.Outgoing != nil {
		rep.Outgoing = manual(*req.Outgoing, addr)
	}
	if rep.Incoming == nil || rep.Outgoing == nil {
		res, err := env.discoverer(opts).Discover(ctx, req.Address, progress)
		rep.Discovery = res
		if res != nil {
			if rep.Incoming == nil {
				rep.Incoming = pick(ctx, opts, res, sideIn, &fl)
			}
			if rep.Outgoing == nil {
				rep.Outgoing = pick(ctx, opts, res, sideOut, &fl)
			}
		}
		if errors.Is(err, account.ErrNeedsOAuth) {
			if !req.OAuth {
				fl.add(sideNone, 0, err)
				return rep // no password goes to a server that will refuse it
			}
			err = nil // what it needs is what the caller does
		}
		if err != nil && !errors.Is(err, account.ErrNotFound) {
			fl.add(sideNone, 0, err) // offline, cancelled: nothing was found
		} else {
			for _, c := range []struct {
				side  sideOf
				ch    *Choice
				words string
			}{{sideIn, rep.Incoming, "incoming"}, {sideOut, rep.Outgoing, "outgoing"}} {
				if c.ch == nil {
					fl.add(c.side, 0, fmt.Errorf("%w: no %s server for %s", account.ErrNotFound, c.words, addr.Domain))
				}
			}
		}
	}
	if rep.Incoming == nil || rep.Outgoing == nil {
		return rep
	}
	rep.applyRequest(req)
	for i, c := range []*Choice{rep.Incoming, rep.Outgoing} {
		if c.Server.Security == transport.SecurityPlain && !req.AllowPlaintext {
			fl.add(sideIn+sideOf(i), 0, fmt.Errorf("%w: %s", account.ErrPlaintext, c.Server))
		}
	}
	if slices.ContainsFunc(fl, func(f failure) bool { return errors.Is(f.err, account.ErrPlaintext) }) {
		return rep
	}
	if len(req.TrustCerts) > 0 {
		rep.pinTrusted(ctx, opts, req.TrustCerts)
	}
	for _, c := range []*Choice{rep.Incoming, rep.Outgoing} {
		if c.Tier == discover.T2 && !confirmed(req.Confirm, c.Server.Host) {
			rep.addConfirmation(Confirmation{Host: c.Server.Host, Reason: c.Reason})
		}
	}

	if req.Password == "" {
		rep.probeOnly(ctx, opts, &fl)
		return rep
	}
	vr, err := verify.Verify(ctx, verify.Request{
		Incoming:       side(rep.Incoming, req.Confirm),
		Outgoing:       side(rep.Outgoing, req.Confirm),
		UsernameStated: rep.Incoming.Stated && rep.Outgoing.Stated,
		Password:       req.Password,
		Options:        opts,
	})
	rep.Verify = vr
	fl.add(sideNone, 0, err)
	if vr != nil {
		for _, list := range [][]verify.Check{vr.Incoming, vr.Outgoing} {
			for _, c := range list {
				if c.Probe != nil {
					rep.certConfirmation(c.Probe)
				}
			}
		}
		fl.addChecks(sideIn, vr.Incoming)
		fl.addChecks(sideOut, vr.Outgoing)
	}
	rep.OK = vr != nil && vr.OK && len(rep.NeedsConfirmation) == 0 && err == nil
	return rep
}

// addChecks adds the failed checks of a side that did not work, each
// after the failures already known for that side (an earlier candidate).
func (f *failures) addChecks(side sideOf, checks []verify.Check) {
	if len(checks) > 0 && checks[len(checks)-1].OK {
		// The side works: an earlier candidate's or username's failure
		// is history.
		*f = slices.DeleteFunc(*f, func(x failure) bool { return x.side == side })
		return
	}
	order := 0
	for _, x := range *f {
		if x.side == side {
			order = max(order, x.order+1)
		}
	}
	for _, c := range checks {
		if !c.OK {
			f.add(side, order, c.Err)
		}
	}
}

// manual is a server the user typed. Without a username in it, the full
// address and then the local part are tried (RFC 6186 §4 order).
func manual(s account.Server, a discover.Address) *Choice {
	s.Source = account.SourceManual
	if s.Auth == "" {
		s.Auth = account.AuthPassword
	}
	names := []string{a.Full, a.Local}
	if s.Username != "" {
		names = []string{s.Username}
	}
	s.Username = names[0]
	return &Choice{Server: s, Usernames: names, Tier: discover.T1}
}

func chosen(c discover.Candidate) *Choice {
	return &Choice{Server: c.Server, Usernames: slices.Clone(c.Usernames), Stated: c.Stated, Tier: c.Tier, Reason: c.Reason}
}

// applyRequest applies the user's username and no-login choices.
func (r *Report) applyRequest(req Request) {
	if req.Username != "" {
		for _, c := range []*Choice{r.Incoming, r.Outgoing} {
			c.Usernames = []string{req.Username}
			c.Server.Username = req.Username
		}
	}
	if req.NoAuth {
		r.Outgoing.Server.Auth = account.AuthNone
		r.Outgoing.Server.Username = ""
		r.Outgoing.Usernames = nil
	}
}

func confirmed(list []string, host string) bool {
	return slices.ContainsFunc(list, func(h string) bool {
		return strings.EqualFold(strings.TrimSuffix(h, "."), host)
	})
}

func side(c *Choice, confirm []string) verify.Side {
	return verify.Side{
		Server:            c.Server,
		Usernames:         c.Usernames,
		NeedsConfirmation: c.Tier == discover.T2 && !confirmed(confirm, c.Server.Host),
	}
}

// pinTrusted probes each chosen server and pins it to its certificate when
// that certificate fails verification and the user trusted its
// fingerprint.
func (r *Report) pinTrusted(ctx context.Context, opts transport.Options, trusted []string) {
	for _, c := range []*Choice{r.Incoming, r.Outgoing} {
		pr, _ := verify.Probe(ctx, c.Server, opts)
		if pr == nil || pr.Cert == nil || !pr.Outcome.CertProblem() {
			continue
		}
		if slices.ContainsFunc(trusted, func(f string) bool { return strings.EqualFold(normFingerprint(f), pr.Cert.Fingerprint) }) {
			c.Server.Pin = pr.Cert.Fingerprint
		}
	}
}

// normFingerprint accepts the forms people paste: hex with or without
// colons, any case, with a "sha256:" prefix.
func normFingerprint(f string) string {
	f = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(f)), "sha256:")
	return strings.ReplaceAll(f, ":", "")
}

// probeOnly tests both servers without a password.
func (r *Report) probeOnly(ctx context.Context, opts transport.Options, fl *failures) {
	for i, c := range []*Choice{r.Incoming, r.Outgoing} {
		pr, err := verify.Probe(ctx, c.Server, opts)
		r.Probes = append(r.Probes, pr)
		if pr != nil {
			r.certConfirmation(pr)
		}
		fl.addChecks(sideIn+sideOf(i), []verify.Check{{Step: verify.StepProbe, Server: c.Server, OK: err == nil, Err: err}})
	}
}

// certConfirmation records a certificate the user could choose to trust.
func (r *Report) certConfirmation(pr *verify.ProbeResult) {
	if pr.Cert == nil || !pr.Outcome.CertProblem() || pr.Server.Pin != "" {
		return
	}
	r.addConfirmation(Confirmation{
		Host:        pr.Server.Host,
		Reason:      fmt.Sprintf("its certificate is not trusted (%s); trust it only if this fingerprint is the server's", pr.Outcome),
		Fingerprint: pr.Cert.Fingerprint,
		Cert:        pr.Cert,
	})
}

func (r *Report) addConfirmation(c Confirmation) {
	for _, have := range r.NeedsConfirmation {
		if have.Host == c.Host && have.Fingerprint == c.Fingerprint {
			return
		}
	}
	r.NeedsConfirmation = append(r.NeedsConfirmation, c)
}
