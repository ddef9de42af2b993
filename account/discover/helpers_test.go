package discover

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/miekg/dns"

	"wren/account"
	"wren/transport/testcert"
)

// fakeDNS is a DNS server on 127.0.0.1 (UDP and TCP on one port) that
// answers from a zone of RR strings; names without records are NXDOMAIN.
type fakeDNS struct {
	addr  string
	mu    sync.Mutex
	rrs   []dns.RR
	hits  []string
	tcp   int           // queries answered over TCP
	block chan struct{} // when set, queries wait for it (a dead server)
}

func newFakeDNS(t *testing.T, zone ...string) *fakeDNS {
	t.Helper()
	f := &fakeDNS{}
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
	f.addr = pc.LocalAddr().String()
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

func (f *fakeDNS) ServeDNS(w dns.ResponseWriter, req *dns.Msg) {
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

// silence makes the server stop answering (until the test ends).
func (f *fakeDNS) silence() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.block = make(chan struct{})
}

func (f *fakeDNS) queried(s string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, h := range f.hits {
		if h == s {
			return true
		}
	}
	return false
}

// web is one HTTPS and one HTTP test server that answer for any host
// name; the client maps names to them, and unknown names do not
// resolve.
type web struct {
	tlsSrv, plainSrv *httptest.Server
	client           *http.Client
	mu               sync.Mutex
	routes           map[string]http.HandlerFunc // "https://host/path" without query
	hits             []string                    // full request URLs
	names            map[string]bool
}

func newWeb(t *testing.T, names ...string) *web {
	t.Helper()
	w := &web{routes: map[string]http.HandlerFunc{}, names: map[string]bool{}}
	for _, n := range names {
		w.names[n] = true
	}
	pair := testcert.NewFor(t, names...)
	handler := func(scheme string) http.HandlerFunc {
		return func(rw http.ResponseWriter, r *http.Request) {
			host, _, err := net.SplitHostPort(r.Host)
			if err != nil {
				host = r.Host
			}
			key := scheme + "://" + host + r.URL.Path
			w.mu.Lock()
			w.hits = append(w.hits, scheme+"://"+host+r.URL.RequestURI())
			h := w.routes[key]
			w.mu.Unlock()
			if h == nil {
				http.NotFound(rw, r)
				return
			}
			h(rw, r)
		}
	}
	w.tlsSrv = httptest.NewUnstartedServer(handler("https"))
	w.tlsSrv.TLS = pair.Server
	w.tlsSrv.StartTLS()
	w.plainSrv = httptest.NewServer(handler("http"))
	t.Cleanup(func() {
		w.tlsSrv.CloseClientConnections()
		w.plainSrv.CloseClientConnections()
		w.tlsSrv.Close()
		w.plainSrv.Close()
	})
	dialer := &net.Dialer{Timeout: 2 * time.Second}
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, port, _ := net.SplitHostPort(addr)
			if !w.names[host] {
				return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
			}
			target := w.plainSrv.Listener.Addr().String()
			if port == "443" {
				target = w.tlsSrv.Listener.Addr().String()
			}
			return dialer.DialContext(ctx, network, target)
		},
		TLSClientConfig:   pair.Server.Clone(),
		DisableKeepAlives: true,
	}
	tr.TLSClientConfig.RootCAs = pair.Roots
	tr.TLSClientConfig.Certificates = nil
	w.client = &http.Client{Transport: tr}
	return w
}

// serve answers url (scheme://host/path) with body and status 200.
func (w *web) serve(url, body string) {
	w.handle(url, func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "text/xml")
		_, _ = rw.Write([]byte(body))
	})
}

func (w *web) handle(url string, h http.HandlerFunc) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.routes[url] = h
}

func (w *web) requests() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.hits...)
}

// fakeProber says ok for the servers in ok ("host:port"), fails the rest
// and records what it was asked.
type fakeProber struct {
	ok    map[string]bool
	block bool // wait for the context instead of failing
	mu    sync.Mutex
	calls []string
}

var errProbe = errors.New("probe failed")

func (p *fakeProber) Probe(ctx context.Context, s account.Server) error {
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	p.mu.Lock()
	p.calls = append(p.calls, addr)
	p.mu.Unlock()
	if p.ok[addr] {
		return nil
	}
	if p.block {
		<-ctx.Done()
		return ctx.Err()
	}
	return errProbe
}

func (p *fakeProber) called() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.calls...)
}

// fastTimeouts keep tests quick.
var fastTimeouts = Timeouts{
	Total:   10 * time.Second,
	DNS:     time.Second,
	HTTP:    2 * time.Second,
	TLS:     time.Second,
	Offline: 2 * time.Second,
	Probe:   time.Second,
	Guess:   5 * time.Second,
	Stagger: time.Millisecond,
}

// env is one test's world: DNS, web and options pointing at them.
type env struct {
	dns  *fakeDNS
	web  *web
	opts Options
}

func newEnv(t *testing.T, zone []string, names ...string) *env {
	t.Helper()
	e := &env{dns: newFakeDNS(t, zone...), web: newWeb(t, append(names, "ispdb.test")...)}
	e.opts = Options{
		HTTPClient: e.web.client,
		DNSServer:  e.dns.addr,
		ISPDBBase:  "https://ispdb.test/v1.1/",
		Timeouts:   fastTimeouts,
	}
	return e
}

func (e *env) discover(t *testing.T, addr string) (*Result, []Event, error) {
	t.Helper()
	var events []Event
	res, err := New(e.opts).Discover(context.Background(), addr, func(ev Event) { events = append(events, ev) })
	return res, events, err
}
