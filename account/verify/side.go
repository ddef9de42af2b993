package verify

import (
	"context"
	"fmt"

	"wren/account"
	"wren/transport"
)

// sideRun is the state of one server during a verification. It enforces
// the preconditions of autodiscovery.md §2.6.1 before every attempt.
type sideRun struct {
	side     Side
	password string
	confirm  bool
	opts     transport.Options

	checks   []Check
	probed   *ProbeResult // set once the probe passed in this run
	attempts int
	user     string // the username that logged in
	lastErr  error  // the last login failure
}

func newSideRun(sd Side, req *Request, opts transport.Options) *sideRun {
	return &sideRun{side: sd, password: req.Password, confirm: req.Confirmed, opts: opts}
}

// probe runs the credential-free probe once and reports whether it passed.
func (r *sideRun) probe(ctx context.Context) bool {
	if r.probed != nil {
		return true
	}
	res, err := Probe(ctx, r.side.Server, r.opts)
	r.checks = append(r.checks, Check{Step: StepProbe, Server: r.side.Server, OK: err == nil, Err: err, Probe: res})
	if err == nil {
		r.probed = res
	}
	return err == nil
}

// username returns candidate i, or "" when there is none.
func (r *sideRun) username(i int) string {
	if i < len(r.side.Usernames) {
		return r.side.Usernames[i]
	}
	return ""
}

// needsLogin is false for an outgoing server that takes mail without one.
func (r *sideRun) needsLogin() bool { return r.side.Server.Auth != account.AuthNone }

// ok reports whether the side is ready to use.
func (r *sideRun) ok() bool {
	if !r.needsLogin() {
		return r.probed != nil
	}
	return r.user != ""
}

// retryable reports whether the last failure was about the credentials,
// so that another username may help.
func (r *sideRun) retryable() bool {
	return r.user == "" && r.lastErr != nil && aboutIdentity(r.lastErr) && r.attempts < maxAttempts
}

// login makes one password attempt with username, after checking every
// precondition; a failed precondition is recorded and nothing is sent.
func (r *sideRun) login(ctx context.Context, username string) bool {
	s := r.side.Server
	check := Check{Step: StepLogin, Server: s, Username: username}
	if err := r.precheck(); err != nil {
		check.Err = err
		r.lastErr = err
		r.checks = append(r.checks, check)
		return false
	}
	r.attempts++
	alerts, err := attempt(ctx, s, r.opts, username, r.password)
	check.OK, check.Err = err == nil, err
	check.Alert = alertText(err, alerts)
	r.checks = append(r.checks, check)
	r.opts.Logger.Info("login attempt", "server", s.String(), "username", username, "attempt", r.attempts,
		"ok", err == nil, "code", string(transport.CodeOf(err)))
	if err != nil {
		r.lastErr = err
		return false
	}
	r.user, r.lastErr = username, nil
	return true
}

// precheck enforces §2.6.1: probed in this run over TLS, not plaintext,
// confirmed when the host needs confirmation, within the attempt budget.
func (r *sideRun) precheck() error {
	s := r.side.Server
	switch {
	case s.Auth == account.AuthOAuth2:
		return fmt.Errorf("%s: %w", s, account.ErrNeedsOAuth)
	case s.Security == transport.SecurityPlain:
		return fmt.Errorf("%s: %w", s, ErrPlaintextPassword)
	case r.probed == nil:
		return fmt.Errorf("%s: %w", s, ErrNotProbed)
	case !r.probed.TLS:
		return fmt.Errorf("%s: %w", s, ErrPlaintextPassword)
	case r.side.NeedsConfirmation && !r.confirm:
		return fmt.Errorf("%s: %w", s, account.ErrNeedsConfirmation)
	case r.attempts >= maxAttempts:
		return fmt.Errorf("%s: %w", s, ErrAttemptsUsed)
	}
	return nil
}

// probeAndLogin probes, then tries username once.
func (r *sideRun) probeAndLogin(ctx context.Context, username string) {
	if !r.probe(ctx) || !r.needsLogin() {
		return
	}
	r.login(ctx, username)
}

// aboutIdentity reports whether a login failure says the username or the
// password is wrong, and nothing else: an [ALERT], an unavailable service,
// an app-password demand or a timeout stop the attempts (§2.6.2).
func aboutIdentity(err error) bool {
	te, ok := transport.As(err)
	if !ok || hasAlertCode(te) {
		return false
	}
	switch te.Code {
	case transport.CodeIMAPAuthFailed, transport.CodeSMTPAuthFailed, transport.CodePOPAuthFailed:
		return true
	}
	return false
}
