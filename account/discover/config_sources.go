package discover

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"wren/account"
	"wren/assets/providers"
)

// override is P0: <OverrideDir>/<domain>.xml, trusted like the user's
// own settings (IP addresses allowed).
func (r *run) override(ctx context.Context) *outcome {
	if r.o.OverrideDir == "" {
		return &outcome{err: errNothing}
	}
	start := time.Now()
	path := filepath.Join(r.o.OverrideDir, r.addr.Domain+".xml")
	data, err := readCapped(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			err = errNothing
		}
		r.record(account.SourceOverride, path, err, start)
		return &outcome{err: err}
	}
	o := r.parsed(account.SourceOverride, path, data, true, start, func(string) (Tier, string) { return T1, "" })
	return o
}

func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxConfigSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxConfigSize {
		return nil, fmt.Errorf("%s: %w", path, ErrTooLarge)
	}
	return data, nil
}

// autoconfig is P1a: the provider's own autoconfig host.
func (r *run) autoconfig(ctx context.Context) *outcome {
	u := "https://autoconfig." + r.addr.Domain + "/mail/config-v1.1.xml?emailaddress=" + url.QueryEscape(r.addr.Full)
	return r.providerHTTPS(ctx, account.SourceAutoconfig, u)
}

// wellKnown is P1b: the domain's .well-known autoconfig path.
func (r *run) wellKnown(ctx context.Context) *outcome {
	u := "https://" + r.addr.Domain + "/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=" + url.QueryEscape(r.addr.Full)
	return r.providerHTTPS(ctx, account.SourceWellKnown, u)
}

// providerHTTPS fetches a config from the provider: T1 while the final
// URL stays in the domain, T2 when a redirect took it elsewhere (§2.7).
func (r *run) providerHTTPS(ctx context.Context, src account.Source, u string) *outcome {
	start := time.Now()
	f, err := r.fetch(ctx, u)
	if err != nil {
		r.record(src, u, err, start)
		return &outcome{err: err}
	}
	tier := func(string) (Tier, string) { return T1, "" }
	if h := f.final.Hostname(); !within(h, r.addr.Domain) {
		tier = func(string) (Tier, string) {
			return T2, fmt.Sprintf("the settings came from %s, outside %s, after a redirect", h, r.addr.Domain)
		}
	}
	return r.parsed(src, u, f.body, false, start, tier)
}

// ispdbDirect is P2: Thunderbird's database, asked for the domain only
// (never the address).
func (r *run) ispdbDirect(ctx context.Context) *outcome {
	return r.ispdbFor(ctx, account.SourceISPDB, r.addr.Domain)
}

func (r *run) ispdbFor(ctx context.Context, src account.Source, domain string) *outcome {
	start := time.Now()
	u := r.ispdb + domain
	f, err := r.fetch(ctx, u)
	if err != nil {
		r.record(src, u, err, start)
		return &outcome{err: err}
	}
	return r.parsed(src, u, f.body, false, start, func(string) (Tier, string) { return T1, "" })
}

// plainHTTP is P6: unencrypted autoconfig, without the address and
// always needing confirmation.
func (r *run) plainHTTP(ctx context.Context) *outcome {
	start := time.Now()
	u := "http://autoconfig." + r.addr.Domain + "/mail/config-v1.1.xml"
	f, err := r.fetch(ctx, u)
	if err != nil {
		r.record(account.SourceHTTP, u, err, start)
		return &outcome{err: err}
	}
	return r.parsed(account.SourceHTTP, u, f.body, false, start, func(string) (Tier, string) {
		return T2, "the settings came over unencrypted HTTP and could have been altered"
	})
}

// builtin is P3: the embedded provider table, by exact domain.
func (r *run) builtin(context.Context) *outcome {
	start := time.Now()
	p, ok := providers.Lookup(r.addr.Domain)
	if !ok {
		r.record(account.SourceBuiltin, r.addr.Domain, errNothing, start)
		return &outcome{err: errNothing}
	}
	r.record(account.SourceBuiltin, r.addr.Domain+" ("+p.ID+")", nil, start)
	return fromProvider(p, r.addr, account.SourceBuiltin)
}

// parsed reads a config body into an outcome and records the attempt.
func (r *run) parsed(src account.Source, what string, body []byte, allowIP bool, start time.Time, tier func(string) (Tier, string)) *outcome {
	c, err := ParseConfig(body, r.addr, allowIP)
	if err != nil {
		r.record(src, what, err, start)
		return &outcome{err: err}
	}
	o := fromConfig(c, src, tier)
	if len(c.Skipped) > 0 {
		r.log.Debug("config sections skipped", "source", src, "skipped", strings.Join(c.Skipped, "; "))
	}
	r.record(src, what, o.err, start)
	return o
}

// within reports whether host is domain or one of its subdomains.
func within(host, domain string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return host == domain || strings.HasSuffix(host, "."+domain)
}
