package verify

import "wren/account"

// Step is what a Check did.
type Step string

const (
	StepProbe Step = "probe"
	StepLogin Step = "login"
)

// Check is one step of a verification, in the order it ran.
type Check struct {
	Step     Step
	Server   account.Server
	Username string // the username tried; empty for probes
	OK       bool
	// Err is why the step failed: the transport's *transport.Error kept
	// intact, a *ProbeError, or one of this package's errors when a
	// precondition stopped the step before anything was sent.
	Err error
	// Alert is what the server said over TLS that the user must see:
	// an IMAP [ALERT], or the reason a login failed for something other
	// than the credentials (app password required, service unavailable).
	Alert string
	// Probe is the probe's findings (probe steps only).
	Probe *ProbeResult
}

// Result is what a verification found.
type Result struct {
	Incoming []Check
	Outgoing []Check
	// IncomingUsername and OutgoingUsername are the usernames that logged
	// in (empty when none did, or when the outgoing server needs none).
	IncomingUsername string
	OutgoingUsername string
	// SeparateOutgoingCredentials is true when the outgoing server turned
	// down the credentials the incoming server accepted: the user may have
	// separate SMTP credentials (the incoming result stands).
	SeparateOutgoingCredentials bool
	// OK is true when both sides are ready: the incoming server accepted a
	// login and the outgoing one did too (or needs none and passed its probe).
	OK bool
}

// Failure returns the last failed check, the one that best explains why
// the verification did not succeed, or nil when it did.
func (r *Result) Failure() *Check {
	if r.OK {
		return nil
	}
	for _, list := range [][]Check{r.Incoming, r.Outgoing} {
		ok := false
		for _, c := range list {
			if c.Step == StepLogin && c.OK {
				ok = true
			}
		}
		if ok {
			continue
		}
		for i := len(list) - 1; i >= 0; i-- {
			if !list[i].OK {
				return &list[i]
			}
		}
	}
	return nil
}
