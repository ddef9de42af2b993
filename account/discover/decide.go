package discover

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"golang.org/x/net/publicsuffix"

	"wren/account"
	"wren/assets/providers"
)

// errIncomplete is a config file without one of the two sides.
var errIncomplete = errors.New("config has no usable incoming or outgoing server")

// source is one discovery source; offline sources need no network and
// keep running when the network is found dead.
type source struct {
	id      account.Source
	offline bool
	run     func(ctx context.Context) *outcome
}

// sources are in priority order (§2.2): P0 … P7.
func (r *run) sources() []source {
	return []source{
		{account.SourceOverride, true, r.override},
		{account.SourceAutoconfig, false, r.autoconfig},
		{account.SourceWellKnown, false, r.wellKnown},
		{account.SourceISPDB, false, r.ispdbDirect},
		{account.SourceBuiltin, true, r.builtin},
		{account.SourceMX, false, r.viaMX},
		{account.SourceSRV, false, r.srv},
		{account.SourceHTTP, false, r.plainHTTP},
		{account.SourceGuess, false, r.guess},
	}
}

type settled struct {
	i int
	o *outcome
}

// discover runs every source at once and applies the decision rule:
// per side, the first source in priority order that has that side wins,
// once every source above it has settled.
func (r *run) discover(parent context.Context) (*Result, error) {
	ctx, cancel := context.WithTimeout(parent, r.t.Total)
	defer cancel()
	netCtx, cancelNet := context.WithCancel(ctx)
	defer cancelNet()

	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	r.mx = startMX(netCtx, &wg, r)
	r.srvs = startSRV(netCtx, &wg, r)

	srcs := r.sources()
	results := make([]*outcome, len(srcs))
	done := make([]bool, len(srcs))
	ch := make(chan settled, len(srcs))
	for i, s := range srcs {
		r.emit(Event{Source: s.id, Kind: Started})
		sctx := netCtx
		if s.offline {
			sctx = ctx
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch <- settled{i, s.run(sctx)}
		}()
	}
	offCh := r.watchOffline(netCtx, &wg)

	pending := len(srcs)
	for {
		if _, _, ok := decide(results, done, false); ok || pending == 0 {
			break
		}
		select {
		case s := <-ch:
			pending--
			results[s.i], done[s.i] = s.o, true
			r.emit(Event{Source: srcs[s.i].id, Kind: Finished, Found: s.o.found(), Err: s.o.err})
		case off := <-offCh:
			offCh = nil
			if off {
				r.offline = true
				cancelNet()
			}
		case <-ctx.Done():
			pending = 0
		}
	}
	if err := parent.Err(); err != nil {
		cancel()
		return nil, fmt.Errorf("discovery cancelled: %w", err)
	}
	// Lower sources still running are no longer needed.
	cancel()
	wg.Wait()
	for len(ch) > 0 {
		s := <-ch
		if !done[s.i] {
			results[s.i], done[s.i] = s.o, true
		}
	}
	inIdx, outIdx, _ := decide(results, done, true)
	return r.result(results, inIdx, outIdx)
}

// decide finds the winning source index per side (-1: none). ok is false
// while a side may still be won by an unsettled source; final treats
// unsettled sources as failed.
func decide(results []*outcome, done []bool, final bool) (in, out int, ok bool) {
	pick := func(incoming bool) (int, bool) {
		for i := range results {
			if !done[i] {
				if final {
					continue
				}
				return -1, false
			}
			if len(results[i].side(incoming)) > 0 {
				return i, true
			}
		}
		return -1, true
	}
	in, okIn := pick(true)
	out, okOut := pick(false)
	return in, out, okIn && okOut
}

// result assembles the Result: the winners' candidates first, then
// other settled sources' candidates as alternatives.
func (r *run) result(results []*outcome, inIdx, outIdx int) (*Result, error) {
	res := &Result{Address: r.addr, Offline: r.offline, Tried: r.attempts(), Failed: r.failures()}
	res.Incoming = collect(results, inIdx, true)
	res.Outgoing = collect(results, outIdx, false)
	// A side filled from a later source prefers hosts of the other side's
	// registrable domain (§2.2 per-side completion).
	switch {
	case inIdx >= 0 && outIdx > inIdx:
		preferSite(res.Outgoing, len(results[outIdx].out), res.Incoming[0].Server.Host)
	case outIdx >= 0 && inIdx > outIdx:
		preferSite(res.Incoming, len(results[inIdx].in), res.Outgoing[0].Server.Host)
	}
	for _, i := range []int{inIdx, outIdx} {
		if i >= 0 {
			res.Enable = appendNew(res.Enable, results[i].enable...)
			res.Docs = appendNew(res.Docs, results[i].docs...)
		}
	}
	for i, o := range results {
		if o == nil {
			continue
		}
		res.Plaintext = append(res.Plaintext, o.plain...)
		if res.Provider == nil && o.provider != nil && (i == inIdx || i == outIdx) {
			res.Provider = o.provider
		}
	}
	if res.Provider == nil {
		res.Provider, _ = providers.Lookup(r.addr.Domain)
	}
	res.NeedsOAuth = len(res.Incoming) > 0 && res.Incoming[0].Server.Auth == account.AuthOAuth2 ||
		len(res.Outgoing) > 0 && res.Outgoing[0].Server.Auth == account.AuthOAuth2

	switch {
	case len(res.Incoming) == 0 && len(res.Outgoing) == 0 && r.offline:
		return nil, fmt.Errorf("%w: DNS does not answer for %s", account.ErrOffline, r.addr.Domain)
	case len(res.Incoming) == 0 && len(res.Outgoing) == 0:
		// What was tried stays: a server that answered badly explains
		// the failure better than "not found".
		return res, fmt.Errorf("%w for %s", account.ErrNotFound, r.addr.Domain)
	case res.NeedsOAuth && !slices.ContainsFunc(res.Incoming, passwordOK):
		return res, fmt.Errorf("%s: %w", r.addr.Domain, account.ErrNeedsOAuth)
	case len(res.Incoming) == 0:
		return res, fmt.Errorf("%w: no incoming server for %s", account.ErrNotFound, r.addr.Domain)
	case len(res.Outgoing) == 0:
		return res, fmt.Errorf("%w: no outgoing server for %s", account.ErrNotFound, r.addr.Domain)
	}
	return res, nil
}

func passwordOK(c Candidate) bool { return c.Server.Auth != account.AuthOAuth2 }

// collect is the winner's side, then the same side of every other
// settled source in priority order, without repeats.
func collect(results []*outcome, win int, incoming bool) []Candidate {
	if win < 0 {
		return nil
	}
	out := slices.Clone(results[win].side(incoming))
	type key struct {
		p    account.Protocol
		h    string
		port int
		sec  any
	}
	seen := map[key]bool{}
	for _, c := range out {
		seen[key{c.Server.Protocol, c.Server.Host, c.Server.Port, c.Server.Security}] = true
	}
	for i := win + 1; i < len(results); i++ {
		for _, c := range results[i].side(incoming) {
			k := key{c.Server.Protocol, c.Server.Host, c.Server.Port, c.Server.Security}
			if !seen[k] {
				seen[k] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// preferSite moves, among the first n candidates, those sharing host's
// registrable domain to the front, keeping their order otherwise.
func preferSite(cs []Candidate, n int, host string) {
	site, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return
	}
	same := func(c Candidate) bool {
		s, err := publicsuffix.EffectiveTLDPlusOne(c.Server.Host)
		return err == nil && s == site
	}
	slices.SortStableFunc(cs[:n], func(a, b Candidate) int {
		switch sa, sb := same(a), same(b); {
		case sa && !sb:
			return -1
		case sb && !sa:
			return 1
		}
		return 0
	})
}

func appendNew[T comparable](dst []T, vs ...T) []T {
	for _, v := range vs {
		if !slices.Contains(dst, v) {
			dst = append(dst, v)
		}
	}
	return dst
}
