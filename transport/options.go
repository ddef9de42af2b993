package transport

import (
	"crypto/tls"
	"crypto/x509"
	"io"
	"log/slog"
	"time"
)

// Timeouts bound each phase of a session. Zero fields take the defaults.
type Timeouts struct {
	Connect  time.Duration // TCP connect, all addresses together
	TLS      time.Duration // TLS handshake
	Greeting time.Duration // server greeting after connect
	Command  time.Duration // each command's reply
	// Transfer bounds one large transfer (a message upload or download).
	Transfer time.Duration
}

// DefaultTimeouts suit a desktop client: a dead server is reported in
// seconds, not minutes.
var DefaultTimeouts = Timeouts{
	Connect:  15 * time.Second,
	TLS:      15 * time.Second,
	Greeting: 20 * time.Second,
	Command:  30 * time.Second,
	Transfer: 5 * time.Minute,
}

func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts
	if t.Connect > 0 {
		d.Connect = t.Connect
	}
	if t.TLS > 0 {
		d.TLS = t.TLS
	}
	if t.Greeting > 0 {
		d.Greeting = t.Greeting
	}
	if t.Command > 0 {
		d.Command = t.Command
	}
	if t.Transfer > 0 {
		d.Transfer = t.Transfer
	}
	return d
}

// Options are the connection settings every protocol client accepts.
// The zero value is usable: system roots, default timeouts, no logging.
type Options struct {
	Timeouts Timeouts
	// RootCAs replaces the system roots (tests use their own CA).
	RootCAs *x509.CertPool
	// Logger receives connection events; never credentials or bodies.
	Logger *slog.Logger
	// Debug, when set, receives the raw protocol transcript. It may contain
	// credentials, so only an explicit debug flag sets it.
	Debug io.Writer
	// LocalName is the name sent in SMTP EHLO.
	LocalName string
}

// Norm returns o with defaults filled in.
func (o Options) Norm() Options {
	o.Timeouts = o.Timeouts.withDefaults()
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.LocalName == "" {
		o.LocalName = "localhost"
	}
	return o
}

// TLSConfig is the one TLS configuration every connection uses:
// certificate and host name verification always on, TLS 1.2 or later.
func (o Options) TLSConfig(serverName string) *tls.Config {
	return &tls.Config{
		ServerName: serverName,
		RootCAs:    o.RootCAs,
		MinVersion: tls.VersionTLS12,
	}
}
