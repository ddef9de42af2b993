package discover

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net"
	"net/http"
	"time"

	"wren/account"
)

// DefaultISPDB is Thunderbird's current ISPDB base URL.
const DefaultISPDB = "https://live.thunderbird.net/autoconfig/v1.1/"

// Timeouts bound discovery (autodiscovery.md §0, §2.2). Zero fields take
// DefaultTimeouts; tests shrink them.
type Timeouts struct {
	Total   time.Duration // the whole discovery
	DNS     time.Duration // one DNS query
	HTTP    time.Duration // one URL, redirects included
	TLS     time.Duration // one TLS handshake of an HTTP fetch
	Offline time.Duration // how long a dead network may take to show
	Probe   time.Duration // one guessed server probe
	Guess   time.Duration // the whole guessing phase
	Stagger time.Duration // between starts of guess probes
}

// DefaultTimeouts are the spec's values.
var DefaultTimeouts = Timeouts{
	Total:   30 * time.Second,
	DNS:     3 * time.Second,
	HTTP:    8 * time.Second,
	TLS:     4 * time.Second,
	Offline: 3 * time.Second,
	Probe:   15 * time.Second,
	Guess:   20 * time.Second,
	Stagger: 100 * time.Millisecond,
}

func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts
	set := func(dst *time.Duration, v time.Duration) {
		if v > 0 {
			*dst = v
		}
	}
	set(&d.Total, t.Total)
	set(&d.DNS, t.DNS)
	set(&d.HTTP, t.HTTP)
	set(&d.TLS, t.TLS)
	set(&d.Offline, t.Offline)
	set(&d.Probe, t.Probe)
	set(&d.Guess, t.Guess)
	set(&d.Stagger, t.Stagger)
	return d
}

// Prober checks a guessed server without credentials; nil means usable.
// account/verify provides the real one.
type Prober interface {
	Probe(ctx context.Context, s account.Server) error
}

// Resolver is the DNS discovery needs; *net.Resolver satisfies it.
type Resolver interface {
	LookupMX(ctx context.Context, name string) ([]*net.MX, error)
	LookupSRV(ctx context.Context, service, proto, name string) (string, []*net.SRV, error)
	LookupHost(ctx context.Context, host string) ([]string, error)
}

// Options configure a Discoverer. The zero value uses the system DNS,
// system roots, the default ISPDB and no guessing.
type Options struct {
	// OverrideDir holds local override files named <domain>.xml.
	OverrideDir string
	// ISPDBBase replaces DefaultISPDB; it ends in "/".
	ISPDBBase string
	// HTTPClient fetches config files; nil builds one from RootCAs and
	// Resolver. Its CheckRedirect is replaced per request (§2.3).
	HTTPClient *http.Client
	RootCAs    *x509.CertPool
	// Resolver answers every DNS query; nil uses NewResolver(DNSServer).
	Resolver Resolver
	// DNSServer is HOST:PORT of the one DNS server to ask (--dns).
	DNSServer string
	// Prober enables guessing (P7); nil skips it.
	Prober   Prober
	Timeouts Timeouts
	Logger   *slog.Logger
}

// NewResolver is a pure-Go resolver; with server set (HOST:PORT) every
// query, over UDP or TCP, goes to that server. Its connections close as
// soon as the query's context ends: Go's resolver would otherwise wait
// for its read deadline after a cancellation.
func NewResolver(server string) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if server != "" {
			addr = server
		}
		var d net.Dialer
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		stop := context.AfterFunc(ctx, func() { c.Close() })
		// The resolver frames UDP and TCP differently and tells them
		// apart by net.PacketConn, so a UDP connection must stay one.
		if u, ok := c.(*net.UDPConn); ok {
			return &ctxUDPConn{UDPConn: u, stop: stop}, nil
		}
		return &ctxConn{Conn: c, stop: stop}, nil
	}}
}

// ctxConn and ctxUDPConn are connections closed when their context ends.
type ctxConn struct {
	net.Conn
	stop func() bool
}

func (c *ctxConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

type ctxUDPConn struct {
	*net.UDPConn
	stop func() bool
}

func (c *ctxUDPConn) Close() error {
	c.stop()
	return c.UDPConn.Close()
}

// newHTTPClient builds the default client: system (or given) roots, TLS
// 1.2+, direct connections (no proxy, so --dns governs every name) and
// host names resolved through r when it is a *net.Resolver.
func newHTTPClient(roots *x509.CertPool, r Resolver, t Timeouts) *http.Client {
	d := &net.Dialer{Timeout: t.HTTP, FallbackDelay: 300 * time.Millisecond}
	if nr, ok := r.(*net.Resolver); ok {
		d.Resolver = nr
	}
	return &http.Client{Transport: &http.Transport{
		DialContext:            d.DialContext,
		TLSClientConfig:        &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:    t.TLS,
		DisableKeepAlives:      true,
		MaxResponseHeaderBytes: 64 << 10,
	}}
}
