package discover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"wren/account"
)

// Discoverer runs discoveries with fixed options; it is safe for
// concurrent use.
type Discoverer struct {
	o      Options
	t      Timeouts
	res    Resolver
	client *http.Client
	ispdb  string
	log    *slog.Logger
}

// New makes a Discoverer.
func New(o Options) *Discoverer {
	d := &Discoverer{o: o, t: o.Timeouts.withDefaults(), res: o.Resolver, client: o.HTTPClient, ispdb: o.ISPDBBase, log: o.Logger}
	if d.res == nil {
		d.res = NewResolver(o.DNSServer)
	}
	if d.client == nil {
		d.client = newHTTPClient(o.RootCAs, d.res, d.t)
	}
	if d.ispdb == "" {
		d.ispdb = DefaultISPDB
	}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	return d
}

// run is the state of one Discover call.
type run struct {
	*Discoverer
	addr Address
	mx   *mxLookup
	srvs *srvLookups

	mu      sync.Mutex
	tried   []Attempt
	failed  []Failure
	emitFn  func(Event)
	offline bool
}

// Discover finds settings for address. progress, when not nil, is told
// when each source starts and finishes; calls never overlap and must not
// block. Errors wrap account.ErrBadAddress, ErrOffline, ErrNotFound or
// ErrNeedsOAuth, or the context's error; with ErrNotFound (one side
// missing) and ErrNeedsOAuth the Result still holds what was found.
// Discover returns only after every goroutine it started has ended.
func (d *Discoverer) Discover(ctx context.Context, address string, progress func(Event)) (*Result, error) {
	a, err := ParseAddress(address)
	if err != nil {
		return nil, err
	}
	r := &run{Discoverer: d, addr: a, emitFn: progress}
	start := time.Now()
	res, err := r.discover(ctx)
	d.log.Info("discovery done", "domain", a.Domain, "elapsed", time.Since(start).Round(time.Millisecond), "err", err)
	return res, err
}

func (r *run) emit(e Event) {
	if r.emitFn == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.emitFn(e)
}

// record notes one lookup for Result.Tried and the debug log.
func (r *run) record(src account.Source, what string, err error, since time.Time) {
	a := Attempt{Source: src, What: what, Err: err, Duration: time.Since(since)}
	r.log.Debug("discovery lookup", "source", src, "what", what, "err", err, "took", a.Duration.Round(time.Millisecond))
	r.mu.Lock()
	r.tried = append(r.tried, a)
	r.mu.Unlock()
}

// fail notes a probed server that is unusable.
func (r *run) fail(s account.Server, incoming bool, err error) {
	if errors.Is(err, context.Canceled) {
		return // stopped because it was no longer needed
	}
	names := r.addr.pair(true)
	s.Username = names[0]
	r.mu.Lock()
	r.failed = append(r.failed, Failure{Server: s, Usernames: names, Incoming: incoming, Err: err})
	r.mu.Unlock()
}

func (r *run) failures() []Failure {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Failure(nil), r.failed...)
}

func (r *run) attempts() []Attempt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Attempt(nil), r.tried...)
}

// errNothing is a source that settled without settings.
var errNothing = fmt.Errorf("nothing published")
