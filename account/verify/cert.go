package verify

import (
	"crypto/tls"
	"errors"
	"time"

	"wren/transport"
)

// CertInfo is what the user sees before deciding to trust a certificate
// (autodiscovery.md §2.6.3). Fingerprint is the value Options.Pin and
// account.Server.Pin take.
type CertInfo struct {
	Subject     string
	SANs        []string
	Issuer      string
	NotBefore   time.Time
	NotAfter    time.Time
	Fingerprint string
}

// certInfoOf describes the server certificate of a failed verification,
// or returns nil when err holds none.
func certInfoOf(err error) *CertInfo {
	var ve *tls.CertificateVerificationError
	if !errors.As(err, &ve) || len(ve.UnverifiedCertificates) == 0 {
		return nil
	}
	leaf := ve.UnverifiedCertificates[0]
	sans := append([]string(nil), leaf.DNSNames...)
	for _, ip := range leaf.IPAddresses {
		sans = append(sans, ip.String())
	}
	return &CertInfo{
		Subject:     leaf.Subject.String(),
		SANs:        sans,
		Issuer:      leaf.Issuer.String(),
		NotBefore:   leaf.NotBefore,
		NotAfter:    leaf.NotAfter,
		Fingerprint: transport.Fingerprint(leaf),
	}
}
