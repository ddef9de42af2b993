package discover

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/publicsuffix"

	"wren/account"
	"wren/assets/providers"
)

// mxLookup is the domain's MX, looked up once and shared by the MX
// source, guessing and the offline check.
type mxLookup struct {
	done chan struct{}
	host string // lowest preference; "" for none or null MX
	err  error
}

func startMX(ctx context.Context, wg *sync.WaitGroup, r *run) *mxLookup {
	m := &mxLookup{done: make(chan struct{})}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(m.done)
		start := time.Now()
		qctx, cancel := context.WithTimeout(ctx, r.t.DNS)
		defer cancel()
		mxs, err := r.res.LookupMX(qctx, r.addr.Domain)
		r.record(account.SourceMX, "MX "+r.addr.Domain, err, start)
		m.host, m.err = bestMX(mxs), err
	}()
	return m
}

// wait returns the MX host once known, or the context's error.
func (m *mxLookup) wait(ctx context.Context) (string, error) {
	select {
	case <-m.done:
		return m.host, m.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// bestMX is the lowest-preference host, the lexically first among ties;
// "" when there is none or it is RFC 7505's null MX.
func bestMX(mxs []*net.MX) string {
	var hosts []string
	best := -1
	for _, m := range mxs {
		h := strings.ToLower(strings.TrimSuffix(m.Host, "."))
		switch {
		case best < 0 || int(m.Pref) < best:
			best, hosts = int(m.Pref), []string{h}
		case int(m.Pref) == best:
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 0 {
		return ""
	}
	slices.Sort(hosts)
	return hosts[0]
}

// watchOffline sends true when DNS shows no network within the offline
// limit (§2.2), false as soon as DNS answers anything.
func (r *run) watchOffline(ctx context.Context, wg *sync.WaitGroup) <-chan bool {
	ch := make(chan bool, 1)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTimer(r.t.Offline)
		defer t.Stop()
		select {
		case <-r.mx.done:
			ch <- noNetwork(r.mx.err)
		case <-t.C:
			ch <- true
		case <-ctx.Done():
		}
	}()
	return ch
}

// noNetwork tells a dead network (no answer in time, connection
// refused, no route) from DNS answers such as "no such domain" or
// "server failure", which prove the network works. Go marks both socket
// errors and SERVFAIL as temporary; only the text tells them apart.
func noNetwork(err error) bool {
	if err == nil {
		return false
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return de.IsTimeout || de.IsTemporary && de.Err != "server misbehaving"
	}
	return true
}

// viaMX is P4 (§2.2): configs for the MX host's domains, most specific
// first, then the embedded table by MX suffix.
func (r *run) viaMX(ctx context.Context) *outcome {
	mx, err := r.mx.wait(ctx)
	if err != nil {
		return &outcome{err: err}
	}
	if mx == "" {
		return &outcome{err: errNothing}
	}
	mxBase, err := publicsuffix.EffectiveTLDPlusOne(mx)
	if err != nil {
		return &outcome{err: err}
	}
	if dBase, _ := publicsuffix.EffectiveTLDPlusOne(r.addr.Domain); mxBase == dBase {
		return &outcome{err: errNothing} // the domain hosts its own mail
	}
	var steps []func(context.Context) *outcome
	if _, full, ok := strings.Cut(mx, "."); ok && len(full) > len(mxBase) {
		steps = append(steps, r.mxSteps(full)...)
	}
	steps = append(steps, r.mxSteps(mxBase)...)
	steps = append(steps, func(context.Context) *outcome {
		start := time.Now()
		p, ok := providers.ByMX(mx)
		if !ok {
			r.record(account.SourceMX, "table MX "+mx, errNothing, start)
			return &outcome{err: errNothing}
		}
		r.record(account.SourceMX, "table MX "+mx+" ("+p.ID+")", nil, start)
		return fromProvider(p, r.addr, account.SourceMX)
	})
	return firstUsable(ctx, steps)
}

// mxSteps are the provider URL and the ISPDB for one MX-derived domain.
// A config found at the MX domain's own host is T2 for hosts outside the
// address's registrable domain (§2.7); the ISPDB is curated, so T1.
func (r *run) mxSteps(domain string) []func(context.Context) *outcome {
	dBase, _ := publicsuffix.EffectiveTLDPlusOne(r.addr.Domain)
	return []func(context.Context) *outcome{
		func(ctx context.Context) *outcome {
			start := time.Now()
			u := "https://autoconfig." + domain + "/mail/config-v1.1.xml"
			f, err := r.fetch(ctx, u)
			if err != nil {
				r.record(account.SourceMX, u, err, start)
				return &outcome{err: err}
			}
			return r.parsed(account.SourceMX, u, f.body, false, start, func(host string) (Tier, string) {
				if b, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil && b == dBase {
					return T1, ""
				}
				return T2, "found through the domain's MX record at " + domain + ", outside " + r.addr.Domain
			})
		},
		func(ctx context.Context) *outcome { return r.ispdbFor(ctx, account.SourceMX, domain) },
	}
}

// firstUsable runs steps at once and returns the first, in order, with
// both sides, waiting for earlier steps to settle; later ones are
// cancelled and awaited.
func firstUsable(ctx context.Context, steps []func(context.Context) *outcome) *outcome {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	chans := make([]chan *outcome, len(steps))
	for i, step := range steps {
		chans[i] = make(chan *outcome, 1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			chans[i] <- step(ctx)
		}()
	}
	last := &outcome{err: errNothing}
	for _, c := range chans {
		o := <-c
		if len(o.in) > 0 && len(o.out) > 0 {
			return o
		}
		if o.err != nil && !errors.Is(o.err, errNothing) {
			last = o
		}
	}
	return &outcome{err: last.err}
}
