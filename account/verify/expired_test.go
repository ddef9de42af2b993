package verify

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
)

// expiredPair is a self-signed certificate for 127.0.0.1, trusted as its
// own root, that expired yesterday: only its dates are wrong.
func expiredPair(t *testing.T) testcert.Pair {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(7),
		Subject:               pkix.Name{CommonName: "127.0.0.1"},
		NotBefore:             time.Now().Add(-48 * time.Hour),
		NotAfter:              time.Now().Add(-24 * time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return testcert.Pair{Roots: roots, Leaf: leaf,
		Server: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}}
}

func TestProbeExpiredCertificate(t *testing.T) {
	cert := expiredPair(t)
	_, s := newIMAPFake(t, cert, transport.SecurityTLS)
	res, err := Probe(context.Background(), s, opts(cert))
	if err == nil || res.Outcome != OutcomeTLSExpired || res.Cert == nil || !res.Cert.NotAfter.Before(time.Now()) {
		t.Fatalf("outcome %s cert %+v err %v", res.Outcome, res.Cert, err)
	}
}
