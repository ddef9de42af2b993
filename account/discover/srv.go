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

// srv is P5: the six SRV records, queried at once. Targets "." mean the
// service is not offered; targets outside the domain are T2.
func (r *run) srv(ctx context.Context) *outcome {
	found := make([][]Candidate, len(srvServices))
	var wg sync.WaitGroup
	for i, s := range srvServices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			found[i] = r.srvLookup(ctx, s)
		}()
	}
	wg.Wait()
	o := &outcome{}
	for i, cs := range found {
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

func (r *run) srvLookup(ctx context.Context, s srvService) []Candidate {
	start := time.Now()
	qctx, cancel := context.WithTimeout(ctx, r.t.DNS)
	defer cancel()
	what := "SRV _" + s.label + "._tcp." + r.addr.Domain
	_, recs, err := r.res.LookupSRV(qctx, s.label, "tcp", r.addr.Domain)
	if err != nil {
		r.record(account.SourceSRV, what, err, start)
		return nil
	}
	var out []Candidate
	for _, rec := range recs {
		host := strings.ToLower(strings.TrimSuffix(rec.Target, "."))
		if host == "" || rec.Port == 0 || !providers.ValidHost(host) {
			continue // "." says the service is not offered here
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
	return out
}
