package discover

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"wren/account"
	"wren/transport/testcert"
	"wren/transport/testdns"
)

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
	dns  *testdns.Server
	web  *web
	opts Options
}

func newEnv(t *testing.T, zone []string, names ...string) *env {
	t.Helper()
	e := &env{dns: testdns.New(t, zone...), web: newWeb(t, append(names, "ispdb.test")...)}
	e.opts = Options{
		HTTPClient: e.web.client,
		DNSServer:  e.dns.Addr,
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
