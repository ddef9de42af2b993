package verify

import (
	"context"
	"sync"
)

// Verify probes both servers of req and logs in to them
// (autodiscovery.md §2.6), with at most two password attempts per server
// and no second attempt after an answer that is not about the credentials.
//
// With UsernameStated (a config file gave the username form) both sides
// start in parallel with their first username; if the incoming server
// accepts only the second, the outgoing one is tried again with its
// second. Otherwise the incoming server goes first and the outgoing one
// gets one attempt with the username the incoming server accepted. An
// outgoing server with Auth "none" is only probed.
//
// The error is non-nil only for a request that cannot be verified as
// given; every server's failure is in the Result.
func Verify(ctx context.Context, req Request) (*Result, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	opts := req.Options.Norm()
	in := newSideRun(req.Incoming, &req, opts)
	out := newSideRun(req.Outgoing, &req, opts)
	if req.UsernameStated {
		verifyStated(ctx, in, out)
	} else {
		verifyUnstated(ctx, in, out)
	}
	res := &Result{
		Incoming:         in.checks,
		Outgoing:         out.checks,
		IncomingUsername: in.user,
		OutgoingUsername: out.user,
		OK:               in.ok() && out.ok(),
	}
	// The outgoing server refused credentials the incoming one took.
	res.SeparateOutgoingCredentials = in.ok() && out.needsLogin() && !out.ok() && aboutIdentity(out.lastErr)
	opts.Logger.Info("verification done", "incoming", req.Incoming.Server.String(),
		"outgoing", req.Outgoing.Server.String(), "ok", res.OK)
	return res, nil
}

// verifyStated is the config-file path: both sides at once.
func verifyStated(ctx context.Context, in, out *sideRun) {
	var wg sync.WaitGroup
	wg.Go(func() { in.probeAndLogin(ctx, in.username(0)) })
	wg.Go(func() { out.probeAndLogin(ctx, out.username(0)) })
	wg.Wait()
	if !in.retryable() || in.username(1) == "" {
		return
	}
	if !in.login(ctx, in.username(1)) {
		return
	}
	// The incoming server wanted the second form: so may the outgoing.
	if out.retryable() && out.username(1) != "" {
		out.login(ctx, out.username(1))
	}
}

// verifyUnstated is the SRV and guess path: the incoming server proves
// the username, the outgoing one gets that username once.
func verifyUnstated(ctx context.Context, in, out *sideRun) {
	in.probeAndLogin(ctx, in.username(0))
	if in.retryable() && in.username(1) != "" {
		in.login(ctx, in.username(1))
	}
	if !out.probe(ctx) || !out.needsLogin() || in.user == "" {
		return
	}
	out.login(ctx, in.user)
}
