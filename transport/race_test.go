package transport_test

import (
	"context"
	"crypto/tls"
	"net"
	"strconv"
	"testing"
	"time"

	"wren/transport"
	"wren/transport/testcert"
)

// fixedResolver answers every name with its addresses, in order.
type fixedResolver []string

func (f fixedResolver) LookupIPAddr(context.Context, string) ([]net.IPAddr, error) {
	var out []net.IPAddr
	for _, a := range f {
		out = append(out, net.IPAddr{IP: net.ParseIP(a)})
	}
	return out, nil
}

// A host whose first address accepts TCP but never completes TLS: the
// next address is tried a quarter of a second later and wins, instead of
// waiting out the TLS timeout (RFC 8305 with the handshake counted).
func TestStalledAddressFallsThrough(t *testing.T) {
	pair := testcert.NewFor(t, "dual.example.test")
	// The same port on two loopback addresses (a port free on the first
	// may be taken on the second: try a few).
	var good, stalled net.Listener
	var port int
	for try := 0; stalled == nil; try++ {
		g, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port = g.Addr().(*net.TCPAddr).Port
		if s, err := net.Listen("tcp", "127.0.0.3:"+strconv.Itoa(port)); err == nil {
			good, stalled = g, s
		} else if g.Close(); try == 10 {
			t.Fatalf("no port free on both 127.0.0.1 and 127.0.0.3: %v", err)
		}
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); good.Close(); stalled.Close() })
	go func() { // accepts, then says nothing
		for {
			c, err := stalled.Accept()
			if err != nil {
				return
			}
			go func() { <-done; c.Close() }()
		}
	}()
	go func() {
		for {
			c, err := good.Accept()
			if err != nil {
				return
			}
			go func() {
				tc := tls.Server(c, pair.Server)
				_ = tc.Handshake()
				<-done
				tc.Close()
			}()
		}
	}()

	o := transport.Options{RootCAs: pair.Roots, Resolver: fixedResolver{"127.0.0.3", "127.0.0.1"},
		Timeouts: transport.Timeouts{Connect: 5 * time.Second, TLS: 10 * time.Second}}
	start := time.Now()
	c, err := transport.Dial(t.Context(), transport.Endpoint{Host: "dual.example.test", Port: port, Security: transport.SecurityTLS}, o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %s: the stalled address held the connection", took)
	}
	if ip := c.RemoteAddr().(*net.TCPAddr).IP.String(); ip != "127.0.0.1" {
		t.Errorf("connected to %s, want the address that completes TLS", ip)
	}
}

// Every address failing: the failure that got furthest is reported (the
// certificate of the one that answered, not the refusal of the other).
func TestRaceReportsTheFurthestFailure(t *testing.T) {
	pair := testcert.NewFor(t, "other.example.test") // wrong name
	good, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer good.Close()
	go func() {
		for {
			c, err := good.Accept()
			if err != nil {
				return
			}
			go func() { tc := tls.Server(c, pair.Server); _ = tc.Handshake(); tc.Close() }()
		}
	}()
	port := good.Addr().(*net.TCPAddr).Port
	o := transport.Options{RootCAs: pair.Roots, Resolver: fixedResolver{"127.0.0.3", "127.0.0.1"},
		Timeouts: transport.Timeouts{Connect: 2 * time.Second, TLS: 2 * time.Second}}
	_, err = transport.Dial(t.Context(), transport.Endpoint{Host: "dual.example.test", Port: port, Security: transport.SecurityTLS}, o)
	if code := transport.CodeOf(err); code != transport.CodeCertWrongHost {
		t.Errorf("code %s (%v), want the certificate's", code, err)
	}
}
