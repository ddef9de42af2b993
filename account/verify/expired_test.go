package verify

import (
	"context"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
)

// expiredPair is a certificate for 127.0.0.1 that expired yesterday:
// only its dates are wrong.
func expiredPair(t *testing.T) testcert.Pair {
	t.Helper()
	return testcert.NewValid(t, time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour), "127.0.0.1")
}

func TestProbeExpiredCertificate(t *testing.T) {
	cert := expiredPair(t)
	_, s := newIMAPFake(t, cert, transport.SecurityTLS)
	res, err := Probe(context.Background(), s, opts(cert))
	if err == nil || res.Outcome != OutcomeTLSExpired || res.Cert == nil || !res.Cert.NotAfter.Before(time.Now()) {
		t.Fatalf("outcome %s cert %+v err %v", res.Outcome, res.Cert, err)
	}
}
