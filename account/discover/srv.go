package discover

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"wren/account"
	"wren/assets/providers"
	"wren/transport"
)

// srvService is one RFC 6186/8314 service label.
type srvService struct {
	label    string
	protocol account.Protocol
	security transport.Security
}

// srvServices in the order their candidates are preferred.
var srvServices = []srvService{
	{"imaps", account.IMAP, transport.SecurityTLS},
	{"imap", account.IMAP, transport.SecuritySTARTTLS},
	{"pop3s", account.POP3, transport.SecurityTLS},
	{"pop3", account.POP3, transport.SecuritySTARTTLS},
	{"submissions", account.SMTP, transport.SecurityTLS},
	{"submission", account.SMTP, transport.SecuritySTARTTLS},
}

// srvLookups are the six SRV queries, made once per run and shared by
// the SRV source and guessing (which must not probe a service the domain
// says it does not offer).
type srvLookups struct {
	done  chan struct{}
	found [][]Candidate // per srvServices entry
	// none marks services whose record has the target "." (RFC 2782:
	// decidedly not offered).
	none []bool
}

func startSRV(ctx context.Context, wg *sync.WaitGroup, r *run) *srvLookups {
	l := &srvLookups{done: make(chan struct{}), found: make([][]Candidate, len(srvServices)), none: make([]bool, len(srvServices))}
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(l.done)
		var inner sync.WaitGroup
		for i, s := range srvServices {
			inner.Go(func() { l.found[i], l.none[i] = r.srvLookup(ctx, s) })
		}
		inner.Wait()
	}()
	return l
}

// wait reports whether the lookups finished before ctx ended.
func (l *srvLookups) wait(ctx context.Context) bool {
	select {
	case <-l.done:
		return true
	case <-ctx.Done():
		return false
	}
}

// notOffered reports whether the domain said, with a "." target, that it
// does not offer p with security sec.
func (l *srvLookups) notOffered(p account.Protocol, sec transport.Security) bool {
	for i, s := range srvServices {
		if l.none[i] && s.protocol == p && s.security == sec {
			return true
		}
	}
	return false
}

// srv is P5: the six SRV records, queried at once. Targets "." mean the
// service is not offered; targets outside the domain are T2.
func (r *run) srv(ctx context.Context) *outcome {
	o := &outcome{}
	if !r.srvs.wait(ctx) {
		o.err = ctx.Err()
		return o
	}
	for i, cs := range r.srvs.found {
		if srvServices[i].protocol == account.SMTP {
			o.out = append(o.out, cs...)
		} else {
			o.in = append(o.in, cs...)
		}
	}
	o.in, o.out = rank(o.in), rank(o.out)
	if !o.found() {
		o.err = errNothing
	}
	return o
}

// srvLookup returns the service's targets in the resolver's order
// (priority, then weight: RFC 2782), and whether a "." target said the
// service is not offered. A "." target is never connected to.
func (r *run) srvLookup(ctx context.Context, s srvService) (out []Candidate, none bool) {
	start := time.Now()
	qctx, cancel := context.WithTimeout(ctx, r.t.DNS)
	defer cancel()
	what := "SRV _" + s.label + "._tcp." + r.addr.Domain
	_, recs, err := r.res.LookupSRV(qctx, s.label, "tcp", r.addr.Domain)
	if err != nil {
		r.record(account.SourceSRV, what, err, start)
		return nil, false
	}
	for _, rec := range recs {
		host := strings.ToLower(strings.TrimSuffix(rec.Target, "."))
		if host == "" {
			none = len(recs) == 1 // "." says the service is not offered here
			continue
		}
		if rec.Port == 0 || !providers.ValidHost(host) {
			continue
		}
		names := r.addr.pair(true)
		c := Candidate{
			Server: account.Server{Protocol: s.protocol, Host: host, Port: int(rec.Port), Security: s.security,
				Username: names[0], Auth: account.AuthPassword, Source: account.SourceSRV},
			Usernames: names,
			Tier:      T1,
		}
		if !within(host, r.addr.Domain) {
			c.Tier, c.Reason = T2, fmt.Sprintf("the SRV record points to %s, outside %s", host, r.addr.Domain)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		err = errNothing
	}
	r.record(account.SourceSRV, what, err, start)
	return out, none
}
