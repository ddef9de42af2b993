package discover

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"wren/account"
	"wren/transport"
)

// Guessing limits (§2.4): few dials at once, fewer per address, so rate
// limiters and fail2ban are not tripped.
const (
	maxDials      = 8
	maxDialsPerIP = 2
	// keepGuesses is the winner plus two alternatives per side.
	keepGuesses = 3
)

var errNoProber = errors.New("guessing is off")

// guess is P7: credential-free probes of the usual host names. POP3 is
// tried only after every IMAP try failed, port 25 only after 465 and
// 587 failed everywhere; plaintext is never tried.
func (r *run) guess(ctx context.Context) *outcome {
	if r.o.Prober == nil {
		return &outcome{err: errNoProber}
	}
	ctx, cancel := context.WithTimeout(ctx, r.t.Guess)
	defer cancel()
	d := r.addr.Domain
	mx := ""
	if h, err := r.mx.wait(ctx); err == nil && h != d && within(h, d) {
		mx = h
	}
	imapHosts := []string{"imap." + d, "mail." + d, d, mx, "imaps." + d}
	popHosts := []string{"pop3." + d, "pop." + d, "mail." + d, d}
	smtpHosts := []string{"smtp." + d, "mail." + d, d, mx, "smtps." + d}
	ips := r.resolveAll(ctx, slices.Concat(imapHosts, popHosts, smtpHosts))
	// A service the domain's SRV records call not offered is not probed.
	srvKnown := r.srvs.wait(ctx)
	offered := func(ts []account.Server) []account.Server {
		if !srvKnown {
			return ts
		}
		return slices.DeleteFunc(ts, func(s account.Server) bool {
			return s.Port != 25 && r.srvs.notOffered(s.Protocol, s.Security)
		})
	}
	lim := newLimiter()

	o := &outcome{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		o.in = r.probeGroup(ctx, lim, ips, true, offered(tries(account.IMAP, imapHosts, ips, 993, 143)))
		if len(o.in) == 0 {
			o.in = r.probeGroup(ctx, lim, ips, true, offered(tries(account.POP3, popHosts, ips, 995, 110)))
		}
	}()
	go func() {
		defer wg.Done()
		o.out = r.probeGroup(ctx, lim, ips, false, offered(tries(account.SMTP, smtpHosts, ips, 465, 587)))
		if len(o.out) == 0 {
			o.out = r.probeGroup(ctx, lim, ips, false, offered(tries(account.SMTP, smtpHosts, ips, 0, 25)))
		}
	}()
	wg.Wait()
	if !o.found() {
		o.err = errNothing
	}
	return o
}

// tries lists servers in §2.4 order: implicit TLS on every host, then
// STARTTLS on every host (tlsPort 0: STARTTLS only). Hosts that did not
// resolve are left out.
func tries(p account.Protocol, hosts []string, ips map[string][]string, tlsPort, startPort int) []account.Server {
	var out []account.Server
	add := func(port int, sec transport.Security) {
		seen := map[string]bool{}
		for _, h := range hosts {
			if h == "" || seen[h] || len(ips[h]) == 0 {
				continue
			}
			seen[h] = true
			out = append(out, account.Server{Protocol: p, Host: h, Port: port, Security: sec, Auth: account.AuthPassword, Source: account.SourceGuess})
		}
	}
	if tlsPort > 0 {
		add(tlsPort, transport.SecurityTLS)
	}
	add(startPort, transport.SecuritySTARTTLS)
	return out
}

// resolveAll looks up every distinct name at once; names that do not
// resolve are absent from the map.
func (r *run) resolveAll(ctx context.Context, hosts []string) map[string][]string {
	out := map[string][]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	seen := map[string]bool{}
	for _, h := range hosts {
		if h == "" || seen[h] {
			continue
		}
		seen[h] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			qctx, cancel := context.WithTimeout(ctx, r.t.DNS)
			defer cancel()
			addrs, err := r.res.LookupHost(qctx, h)
			r.record(account.SourceGuess, "resolve "+h, err, start)
			if err == nil && len(addrs) > 0 {
				slices.Sort(addrs)
				mu.Lock()
				out[h] = addrs
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return out
}

// probeGroup probes the tries concurrently (staggered, within the
// limits) and returns the successes in try order: the winner is the best
// try that worked once every better one settled, then up to two
// alternatives. Failed tries are kept for the explanation, in try order.
func (r *run) probeGroup(ctx context.Context, lim *limiter, ips map[string][]string, incoming bool, ts []account.Server) []Candidate {
	ok := make([]bool, len(ts))
	errs := make([]error, len(ts))
	var wg sync.WaitGroup
	for i, s := range ts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !waitFor(ctx, time.Duration(i)*r.t.Stagger) {
				return
			}
			release, err := lim.acquire(ctx, ips[s.Host])
			if err != nil {
				return
			}
			defer release()
			start := time.Now()
			pctx, cancel := context.WithTimeout(ctx, r.t.Probe)
			defer cancel()
			err = r.o.Prober.Probe(pctx, s)
			r.record(account.SourceGuess, s.String(), err, start)
			ok[i], errs[i] = err == nil, err
		}()
	}
	wg.Wait()
	var out []Candidate
	for i, s := range ts {
		if errs[i] != nil {
			r.fail(s, incoming, errs[i])
		}
		if !ok[i] || len(out) == keepGuesses {
			continue
		}
		names := r.addr.pair(true)
		s.Username = names[0]
		out = append(out, Candidate{Server: s, Usernames: names, Tier: T1})
	}
	return out
}

// waitFor pauses d for staggering, false when ctx ended first.
func waitFor(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// limiter bounds dials in flight globally and per IP address.
type limiter struct {
	global chan struct{}
	mu     sync.Mutex
	perIP  map[string]chan struct{}
}

func newLimiter() *limiter {
	return &limiter{global: make(chan struct{}, maxDials), perIP: map[string]chan struct{}{}}
}

func (l *limiter) ip(addr string) chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.perIP[addr]
	if !ok {
		c = make(chan struct{}, maxDialsPerIP)
		l.perIP[addr] = c
	}
	return c
}

// acquire takes a slot for each of the host's addresses (in sorted
// order, so two hosts sharing addresses cannot deadlock) and a global
// one.
func (l *limiter) acquire(ctx context.Context, addrs []string) (release func(), err error) {
	var held []chan struct{}
	release = func() {
		for _, c := range held {
			<-c
		}
	}
	for _, a := range append(slices.Clone(addrs), "") {
		c := l.global
		if a != "" {
			c = l.ip(a)
		}
		select {
		case c <- struct{}{}:
			held = append(held, c)
		case <-ctx.Done():
			release()
			return nil, ctx.Err()
		}
	}
	return release, nil
}
