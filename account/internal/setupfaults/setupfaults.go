// Package setupfaults is the world of issue #12's setup failure tests: a
// domain (example.test) whose DNS and mail servers misbehave one way per
// case, reachable from setup (Env.Dial), the command line and the wizard
// alike. Only tests import it.
package setupfaults

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/transport/testcert"
	"wren/transport/testdns"
	"wren/transport/testmail"
)

// Domain is the case's mail domain; Address a user of it.
const (
	Domain   = "example.test"
	Address  = "alice@" + Domain
	Password = "correct-horse-battery"
)

// World is one case's DNS, servers and trust.
type World struct {
	DNS   *testdns.Server
	Roots *x509.CertPool
	// Trusted is the CA of the well-behaved servers (for SSL_CERT_FILE).
	Trusted testcert.Pair
	routes  map[string]*testmail.Server
	names   map[string]bool // hosts with an address
	closed  int
	t       testing.TB

	mu      sync.Mutex
	dialled []string
}

// Dial connects "host:port" to the server the case put there, or to a
// closed port (connection refused).
func (w *World) Dial(ctx context.Context, network, addr string) (net.Conn, error) {
	w.mu.Lock()
	w.dialled = append(w.dialled, addr)
	w.mu.Unlock()
	target := net.JoinHostPort("127.0.0.1", strconv.Itoa(w.closed))
	if host, _, _ := net.SplitHostPort(addr); !w.names[host] {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}
	if s, ok := w.routes[addr]; ok {
		target = s.Addr()
	}
	d := net.Dialer{Timeout: 5 * time.Second}
	return d.DialContext(ctx, network, target)
}

// Dialled are the "host:port" addresses connections were asked for.
func (w *World) Dialled() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.dialled...)
}

// Server is the server at "host:port", nil when none.
func (w *World) Server(hostport string) *testmail.Server { return w.routes[hostport] }

// Case is one way setup can fail, and what the user must be told first.
type Case struct {
	Name string
	// Zone are DNS records beyond the defaults (A records of the hosts
	// in Servers are added).
	Zone []string
	// Servers by "host:port"; build makes their configuration.
	Servers func(p Certs) map[string]testmail.Config
	// Password: the case needs a login to show its failure.
	Password bool
	// Code and Server are the first error's catalog code and host:port
	// (Server "" for none); Second is the second error's code, if any.
	Code, Server, Second string
}

// Certs are the certificates a case may give its servers.
type Certs struct {
	Good, Untrusted, Expired, WrongName testcert.Pair
}

func goodIMAP(p Certs) testmail.Config { return testmail.Config{TLS: p.Good.Server} }
func goodSMTP(p Certs) testmail.Config { return testmail.Config{SMTP: true, TLS: p.Good.Server} }

// GoodIMAP and GoodSMTP are well-behaved servers over implicit TLS.
func GoodIMAP(p Certs) testmail.Config { return goodIMAP(p) }
func GoodSMTP(p Certs) testmail.Config { return goodSMTP(p) }

// Cases are the failure classes of issue #12. Unless a case says
// otherwise, servers are found by guessing imap.example.test and
// smtp.example.test.
var Cases = []Case{
	{Name: "no encryption", Code: "TLS-10", Server: "imap.example.test:143",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:143": {}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "STARTTLS refused", Code: "TLS-10", Server: "imap.example.test:143",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:143": {STARTTLSReply: "NO [UNAVAILABLE] TLS is down"}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "STARTTLS refused for now", Code: "TLS-11", Server: "smtp.example.test:587",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:993": goodIMAP(p), "smtp.example.test:587": {SMTP: true, STARTTLSReply: "454 4.7.0 TLS not available due to temporary reason"}}
		}},
	{Name: "STARTTLS stripped", Code: "TLS-10", Server: "imap.example.test:143",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:143": {STARTTLSReply: "BAD unknown command"}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "unknown authority", Code: "TLS-03", Server: "imap.example.test:993",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:993": {TLS: p.Untrusted.Server}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "expired certificate", Code: "TLS-05", Server: "imap.example.test:993",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:993": {TLS: p.Expired.Server}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "certificate for another name", Code: "TLS-04", Server: "imap.example.test:993",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:993": {TLS: p.WrongName.Server}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "old TLS only", Code: "TLS-07", Server: "imap.example.test:993",
		Servers: func(p Certs) map[string]testmail.Config {
			conf := p.Good.Server.Clone()
			conf.MinVersion, conf.MaxVersion = tls.VersionTLS10, tls.VersionTLS11
			return map[string]testmail.Config{"imap.example.test:993": {TLS: conf}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "no shared cipher", Code: "TLS-07", Server: "imap.example.test:993",
		Servers: func(p Certs) map[string]testmail.Config {
			conf := p.Good.Server.Clone()
			conf.MaxVersion = tls.VersionTLS12
			conf.CipherSuites = []uint16{tls.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA}
			return map[string]testmail.Config{"imap.example.test:993": {TLS: conf}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "handshake cut off", Code: "TLS-07", Server: "imap.example.test:993",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:993": {CutHandshake: true}, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "client certificate required", Code: "TLS-09", Server: "smtp.example.test:465",
		Servers: func(p Certs) map[string]testmail.Config {
			conf := p.Good.Server.Clone()
			conf.ClientAuth = tls.RequireAnyClientCert
			return map[string]testmail.Config{"imap.example.test:993": goodIMAP(p), "smtp.example.test:465": {SMTP: true, TLS: conf}}
		}},
	{Name: "connection refused", Code: "NET-03", Server: "imap.example.test:993",
		Zone: []string{"imap.example.test. 60 IN A 127.0.0.1"},
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "name does not resolve", Code: "NET-01", Server: "gone.example.test:993",
		Zone: []string{
			"_imaps._tcp.example.test. 60 IN SRV 0 1 993 gone.example.test.",
			"_submissions._tcp.example.test. 60 IN SRV 0 1 465 smtp.example.test.",
		},
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "login refused", Code: "IMAP-02", Server: "imap.example.test:993", Password: true,
		Servers: func(p Certs) map[string]testmail.Config {
			c := goodIMAP(p)
			c.AuthReply = "NO [AUTHENTICATIONFAILED] Invalid credentials"
			return map[string]testmail.Config{"imap.example.test:993": c, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "session refused after login", Code: "IMAP-07", Server: "imap.example.test:993", Password: true,
		Servers: func(p Certs) map[string]testmail.Config {
			c := goodIMAP(p)
			c.SelectReply = "BAD User is authenticated but not connected."
			return map[string]testmail.Config{"imap.example.test:993": c, "smtp.example.test:465": goodSMTP(p)}
		}},
	{Name: "outgoing without encryption", Code: "TLS-10", Server: "smtp.example.test:587",
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:993": goodIMAP(p), "smtp.example.test:587": {SMTP: true}}
		}},
	{Name: "both sides fail differently", Code: "TLS-04", Server: "imap.example.test:993", Second: "NET-03",
		Zone: []string{"smtp.example.test. 60 IN A 127.0.0.1"},
		Servers: func(p Certs) map[string]testmail.Config {
			return map[string]testmail.Config{"imap.example.test:993": {TLS: p.WrongName.Server}}
		}},
	{Name: "nothing found", Code: "ACCT-01"},
}

// Start builds the case's world.
func (c Case) Start(t testing.TB) *World {
	t.Helper()
	now := time.Now()
	certs := Certs{
		Good:      testcert.NewFor(t, "imap.example.test", "smtp.example.test", "gone.example.test", "a.example.test", "b.example.test"),
		Untrusted: testcert.NewFor(t, "imap.example.test", "smtp.example.test"),
		Expired:   testcert.NewValid(t, now.Add(-48*time.Hour), now.Add(-24*time.Hour), "imap.example.test", "smtp.example.test"),
		WrongName: testcert.NewFor(t, "mail.other.test"),
	}
	w := &World{Trusted: certs.Good, routes: map[string]*testmail.Server{}, names: map[string]bool{}, closed: testmail.ClosedPort(t), t: t}
	w.Roots = x509.NewCertPool()
	for _, p := range []testcert.Pair{certs.Good, certs.Expired, certs.WrongName} {
		w.Roots.AddCert(p.CA)
	}
	zone := append([]string(nil), c.Zone...)
	hosts := map[string]bool{}
	if c.Servers != nil {
		for hp, conf := range c.Servers(certs) {
			w.routes[hp] = testmail.Start(t, conf)
			host, _, _ := net.SplitHostPort(hp)
			if !hosts[host] {
				hosts[host] = true
				zone = append(zone, host+". 60 IN A 127.0.0.1")
			}
		}
	}
	for _, z := range zone {
		if f := strings.Fields(z); len(f) == 5 && f[3] == "A" {
			w.names[strings.TrimSuffix(f[0], ".")] = true
		}
	}
	w.DNS = testdns.New(t, zone...)
	return w
}
