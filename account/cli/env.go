package cli

import (
	"context"
	"crypto/x509"
	"net"
	"net/http"
	"time"

	"wren/transport"
)

// Secrets is where passwords go: the OS keyring in the real program, an
// in-memory store in tests.
type Secrets interface {
	Get(ctx context.Context, key string) (string, error)
	Set(ctx context.Context, key, password string) error
	Delete(ctx context.Context, key string) error
}

// Env holds what the commands reach the world through. The zero value is
// the real world: OS keyring, system roots (SSL_CERT_FILE honoured), the
// default HTTP client settings and timeouts.
type Env struct {
	Secrets Secrets
	// RootCAs replaces the system roots for mail servers and HTTPS.
	RootCAs *x509.CertPool
	// HTTPClient fetches autoconfig files; nil builds one from RootCAs.
	HTTPClient *http.Client
	// ISPDBBase replaces the ISPDB URL (tests use a local server).
	ISPDBBase string
	Timeouts  transport.Timeouts
	// SyncBackoff are the pauses before each new connection when a sync's
	// connection ends midway (nil: 1 s, 5 s, 15 s).
	SyncBackoff []time.Duration
	// Dial replaces the TCP dialer of setup's connections (tests route
	// host names to scripted servers).
	Dial func(ctx context.Context, network, address string) (net.Conn, error)
}

func (e Env) syncBackoff() []time.Duration {
	if e.SyncBackoff != nil {
		return e.SyncBackoff
	}
	return []time.Duration{time.Second, 5 * time.Second, 15 * time.Second}
}
