package transport

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
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
	// DialContext, when set, replaces the TCP dialer (tests map made-up
	// host names to loopback servers). The default is a net.Dialer with
	// Happy Eyeballs.
	DialContext func(ctx context.Context, network, address string) (net.Conn, error)
	// Resolver looks up a host's addresses for an implicit-TLS connection,
	// whose attempts race address by address with the TLS handshake
	// counted (nil: the system's, unless DialContext is set, which then
	// gets the host name as it is).
	Resolver interface {
		LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error)
	}
	// Pin is the SHA-256 of a server certificate's public key (see
	// Fingerprint) that the user chose to trust at setup. A certificate with
	// that key is accepted even when its chain does not verify; any other
	// certificate must verify as usual.
	Pin string
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
	c := &tls.Config{
		ServerName: serverName,
		RootCAs:    o.RootCAs,
		MinVersion: tls.VersionTLS12,
	}
	if o.Pin != "" {
		// The chain check moves into VerifyConnection so that the pinned
		// key can stand in for it; everything else is verified as usual.
		pin, roots := o.Pin, o.RootCAs
		c.InsecureSkipVerify = true
		c.VerifyConnection = func(cs tls.ConnectionState) error {
			return verifyPinned(cs, serverName, pin, roots)
		}
	}
	return c
}

// Fingerprint is the hex SHA-256 of cert's SubjectPublicKeyInfo: the value
// Options.Pin takes and the one shown to a user deciding to trust it.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.RawSubjectPublicKeyInfo)
	return hex.EncodeToString(sum[:])
}

func verifyPinned(cs tls.ConnectionState, serverName, pin string, roots *x509.CertPool) error {
	if len(cs.PeerCertificates) == 0 {
		return errors.New("tls: server sent no certificate")
	}
	leaf := cs.PeerCertificates[0]
	if strings.EqualFold(Fingerprint(leaf), pin) {
		return nil
	}
	inter := x509.NewCertPool()
	for _, c := range cs.PeerCertificates[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{DNSName: serverName, Roots: roots, Intermediates: inter})
	if err != nil {
		// The chain error is kept as text only: the pin decides the code.
		return &tls.CertificateVerificationError{UnverifiedCertificates: cs.PeerCertificates, Err: fmt.Errorf("%w (%v)", ErrPinMismatch, err)}
	}
	return nil
}
