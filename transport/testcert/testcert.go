// Package testcert makes a throwaway CA and a server certificate for
// in-process fake servers in tests. Only tests import it.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"testing"
	"time"
)

// Pair is a CA pool a client trusts and the server config it verifies.
type Pair struct {
	Roots  *x509.CertPool
	Server *tls.Config
	Leaf   *x509.Certificate // the server's certificate
	CA     *x509.Certificate // the certificate Roots holds
}

// CAPEM is the CA in PEM, for a process's SSL_CERT_FILE.
func (p Pair) CAPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.CA.Raw})
}

// New returns a CA and a certificate for 127.0.0.1 and localhost signed by
// it, valid from an hour ago for a day.
func New(t testing.TB) Pair {
	t.Helper()
	return NewFor(t, "127.0.0.1", "localhost")
}

// NewFor is New with a certificate for the given host names and IP
// addresses (the first is also the subject's common name).
func NewFor(t testing.TB, names ...string) Pair {
	t.Helper()
	now := time.Now()
	return NewValid(t, now.Add(-time.Hour), now.Add(24*time.Hour), names...)
}

// NewValid is NewFor with a server certificate valid only from notBefore
// to notAfter (the CA is valid around it), for expired and not-yet-valid
// certificate tests.
func NewValid(t testing.TB, notBefore, notAfter time.Time, names ...string) Pair {
	t.Helper()
	var dns []string
	var ips []net.IP
	for _, n := range names {
		if ip := net.ParseIP(n); ip != nil {
			ips = append(ips, ip)
		} else {
			dns = append(dns, n)
		}
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	ca := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "Wren test CA"},
		NotBefore:             earliest(notBefore, now).Add(-time.Hour),
		NotAfter:              latest(notAfter, now).Add(time.Hour),
		IsCA:                  true,
		KeyUsage:              x509.KeyUsageCertSign,
		BasicConstraintsValid: true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: names[0]},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		DNSNames:     dns,
		IPAddresses:  ips,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	leafCert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(caCert)
	return Pair{
		Leaf:  leafCert,
		CA:    caCert,
		Roots: roots,
		Server: &tls.Config{Certificates: []tls.Certificate{{
			Certificate: [][]byte{der, caDER},
			PrivateKey:  key,
		}}},
	}
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
