// Package testdns is a small authoritative DNS server on loopback for the
// tests of discovery, the command line's --dns and the setup window.
package testdns

import (
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
)

// Server is a DNS server on 127.0.0.1 (UDP and TCP on one port) that
// answers from a zone of RR strings; names without records are NXDOMAIN.
type Server struct {
	// Addr is HOST:PORT, for a resolver's or `--dns` use.
	Addr  string
	mu    sync.Mutex
	rrs   []dns.RR
	hits  []string
	tcp   int           // queries answered over TCP
	block chan struct{} // when set, queries wait for it (a dead server)
}

// New starts a server for zone (RR strings such as
// "mail.example.test. 60 IN A 127.0.0.1") that stops when the test ends.
func New(t testing.TB, zone ...string) *Server {
	t.Helper()
	f := &Server{}
	for _, z := range zone {
		rr, err := dns.NewRR(z)
		if err != nil {
			t.Fatalf("zone %q: %v", z, err)
		}
		f.rrs = append(f.rrs, rr)
	}
	var pc net.PacketConn
	var l net.Listener
	for range 20 {
		p, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		if l, err = net.Listen("tcp", p.LocalAddr().String()); err == nil {
			pc = p
			break
		}
		p.Close()
	}
	if pc == nil {
		t.Fatal("no port free for both UDP and TCP")
	}
	f.Addr = pc.LocalAddr().String()
	udp := &dns.Server{PacketConn: pc, Handler: f}
	tcp := &dns.Server{Listener: l, Handler: f}
	var wg sync.WaitGroup
	for _, s := range []*dns.Server{udp, tcp} {
		started := make(chan struct{})
		s.NotifyStartedFunc = func() { close(started) }
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = s.ActivateAndServe()
		}()
		<-started
	}
	t.Cleanup(func() {
		f.mu.Lock()
		if f.block != nil {
			close(f.block)
			f.block = nil
		}
		f.mu.Unlock()
		_ = udp.Shutdown()
		_ = tcp.Shutdown()
		wg.Wait()
	})
	return f
}

// ServeDNS answers one query.
func (f *Server) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
	f.mu.Lock()
	block := f.block
	f.mu.Unlock()
	if block != nil {
		<-block
		return
	}
	m := new(dns.Msg)
	m.SetReply(req)
	m.Authoritative = true
	known := false
	f.mu.Lock()
	for _, q := range req.Question {
		f.hits = append(f.hits, dns.TypeToString[q.Qtype]+" "+strings.ToLower(q.Name))
		for _, rr := range f.rrs {
			h := rr.Header()
			if strings.EqualFold(h.Name, q.Name) {
				known = true
				if h.Rrtype == q.Qtype {
					m.Answer = append(m.Answer, rr)
				}
			}
		}
	}
	f.mu.Unlock()
	if !known {
		m.Rcode = dns.RcodeNameError
	}
	if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
		// Too big for the client's UDP buffer: truncate, so it retries
		// over TCP.
		size := dns.MinMsgSize
		if o := req.IsEdns0(); o != nil {
			size = int(o.UDPSize())
		}
		m.Truncate(size)
	} else {
		f.mu.Lock()
		f.tcp++
		f.mu.Unlock()
	}
	_ = w.WriteMsg(m)
}

// Silence makes the server stop answering (until the test ends).
func (f *Server) Silence() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.block = make(chan struct{})
}

// Queried reports whether a query "TYPE name." was asked.
func (f *Server) Queried(s string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, h := range f.hits {
		if h == s {
			return true
		}
	}
	return false
}

// TCPQueries is how many queries were answered over TCP.
func (f *Server) TCPQueries() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tcp
}
