// Package setup turns an address and a password into a checked account:
// discovery (account/discover), the user's confirmations and certificate
// choices, then verification (account/verify). It is the engine of the
// setup wizard and of `wren doctor` / `wren account add`; it saves nothing
// itself (the caller stores the account and the password).
package setup

import (
	"context"
	"crypto/x509"
	"log/slog"
	"net"
	"net/http"
	"time"

	"wren/account"
	"wren/account/discover"
	"wren/account/verify"
	"wren/transport"
)

// Request is what the user gave.
type Request struct {
	Address  string
	Password string // empty: discovery and connection tests only
	// OAuth: the caller signs in in the browser and logs in with a token
	// itself; a provider that takes only that is no failure, and the
	// servers are tested without a login (Password is empty).
	OAuth bool
	// Username replaces the discovered login names of both servers.
	Username string
	// Incoming and Outgoing are servers the user typed; the side left nil
	// is discovered.
	Incoming, Outgoing *account.Server
	// NoAuth sets up the outgoing server without login.
	NoAuth bool
	// AllowPlaintext permits servers typed with plaintext security.
	AllowPlaintext bool
	// Confirm lists hosts the user confirmed (trust tier T2).
	Confirm []string
	// TrustCerts lists certificate fingerprints (transport.Fingerprint)
	// the user chose to trust; a server presenting one is pinned to it.
	TrustCerts []string
}

// Env is how setup reaches the network. The zero value is the real one.
type Env struct {
	// DNS is HOST:PORT of the one DNS server every lookup and connection
	// of the run uses (the --dns option); empty means the system's.
	DNS       string
	RootCAs   *x509.CertPool
	HTTP      *http.Client
	ISPDBBase string
	// OverrideDir holds local override files (<domain>.xml).
	OverrideDir string
	Timeouts    transport.Timeouts
	Discovery   discover.Timeouts
	Logger      *slog.Logger
	// Resolver replaces the resolver built from DNS (tests).
	Resolver discover.Resolver
	// Dial replaces the TCP dialer built from DNS (tests).
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
}

// transportOptions are the connection settings of every probe and login:
// system (or test) roots, and the run's resolver when one was named.
func (e Env) transportOptions() transport.Options {
	o := transport.Options{RootCAs: e.RootCAs, Timeouts: e.Timeouts, Logger: e.Logger, DialContext: e.Dial}
	if o.DialContext == nil && e.DNS != "" {
		r := discover.NewResolver(e.DNS)
		d := &net.Dialer{Resolver: r, FallbackDelay: 300 * time.Millisecond}
		o.DialContext, o.Resolver = d.DialContext, r
	}
	return o
}

// DialOptions are the transport options for an account's later
// connections: its servers are reached through the resolver it was set up
// with (account.Account.DNS).
func DialOptions(a *account.Account, base transport.Options) transport.Options {
	if a.DNS != "" && base.DialContext == nil {
		r := discover.NewResolver(a.DNS)
		d := &net.Dialer{Resolver: r, FallbackDelay: 300 * time.Millisecond}
		base.DialContext, base.Resolver = d.DialContext, r
	}
	return base
}

func (e Env) discoverer(opts transport.Options) *discover.Discoverer {
	return discover.New(discover.Options{
		OverrideDir: e.OverrideDir,
		ISPDBBase:   e.ISPDBBase,
		HTTPClient:  e.HTTP,
		RootCAs:     e.RootCAs,
		Resolver:    e.Resolver,
		DNSServer:   e.DNS,
		Prober:      verify.Prober{Options: opts},
		Timeouts:    e.Discovery,
		Logger:      e.Logger,
	})
}

// VerifyToken logs in to s once with an OAuth2 access token over this
// Env's connections: the check after a browser sign-in.
func VerifyToken(ctx context.Context, env Env, s account.Server, accessToken string) error {
	return verify.TokenLogin(ctx, s, env.transportOptions(), accessToken)
}
