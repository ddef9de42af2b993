package transport

import (
	"context"
	"net"
	"strconv"
	"time"
)

// attemptDelay is RFC 8305's "Connection Attempt Delay": how long one
// address may take before the next one is tried as well.
const attemptDelay = 250 * time.Millisecond

// dialTLSRace is Happy Eyeballs (RFC 8305) for implicit TLS with the
// handshake counted: each of the host's addresses gets a TCP connect and
// a TLS handshake; the next address starts after attemptDelay or as soon
// as an earlier attempt fails, and the first handshake done wins. An
// address that accepts TCP but never finishes TLS so costs a quarter of a
// second, not the whole TLS timeout.
func dialTLSRace(ctx context.Context, ep Endpoint, o Options, dial func(context.Context, string, string) (net.Conn, error)) (net.Conn, error) {
	res := o.Resolver
	if res == nil {
		res = net.DefaultResolver
	}
	lctx, cancel := context.WithTimeout(ctx, o.Timeouts.Connect)
	addrs, err := res.LookupIPAddr(lctx, ep.Host)
	cancel()
	if err != nil {
		return nil, Classify(err, "", ep.Address(), StepConnect)
	}
	ips := interleave(addrs)
	if len(ips) == 0 {
		return nil, Classify(&net.DNSError{Err: "no addresses", Name: ep.Host, IsNotFound: true}, "", ep.Address(), StepConnect)
	}

	rctx, stop := context.WithCancel(ctx)
	defer stop()
	results := make(chan raceResult, len(ips))
	try := func(ip net.IP) {
		addr := net.JoinHostPort(ip.String(), strconv.Itoa(ep.Port))
		cctx, cancel := context.WithTimeout(rctx, o.Timeouts.Connect)
		conn, err := dial(cctx, "tcp", addr)
		cancel()
		if err != nil {
			results <- raceResult{err: Classify(err, "", ep.Address(), StepConnect)}
			return
		}
		tc, err := Handshake(rctx, conn, ep, o)
		if err != nil {
			results <- raceResult{err: err, tls: true}
			return
		}
		results <- raceResult{conn: tc}
	}

	next, pending := 0, 0
	start := func() {
		go try(ips[next].IP)
		next++
		pending++
	}
	start()
	var best raceResult
	timer := time.NewTimer(attemptDelay)
	defer timer.Stop()
	for pending > 0 {
		select {
		case r := <-results:
			pending--
			if r.conn != nil {
				stop() // the others end; a late winner is closed below
				go drain(results, pending)
				o.Logger.Debug("connected", "server", ep.Address(), "attempts", next)
				return r.conn, nil
			}
			if best.err == nil || r.tls && !best.tls {
				best = r
			}
			if next < len(ips) {
				start()
				timer.Reset(attemptDelay)
			}
		case <-timer.C:
			if next < len(ips) {
				start()
				timer.Reset(attemptDelay)
			}
		case <-ctx.Done():
			go drain(results, pending)
			return nil, Classify(ctx.Err(), "", ep.Address(), StepConnect)
		}
	}
	// Every address failed: the failure that got furthest (a TLS problem
	// over a refused connection) explains it best.
	return nil, best.err
}

// raceResult is how one address's attempt ended.
type raceResult struct {
	conn net.Conn
	err  error
	tls  bool // got as far as the handshake
}

// drain closes connections that won after the race was decided.
func drain(ch <-chan raceResult, n int) {
	for range n {
		if r := <-ch; r.conn != nil {
			r.conn.Close()
		}
	}
}

// interleave orders addresses as RFC 8305 §4 says: alternate families,
// starting with the family of the first address.
func interleave(addrs []net.IPAddr) []net.IPAddr {
	var v6, v4 []net.IPAddr
	for _, a := range addrs {
		if a.IP.To4() == nil {
			v6 = append(v6, a)
		} else {
			v4 = append(v4, a)
		}
	}
	a, b := v6, v4
	if len(addrs) > 0 && addrs[0].IP.To4() != nil {
		a, b = v4, v6
	}
	out := make([]net.IPAddr, 0, len(addrs))
	for i := 0; i < len(a) || i < len(b); i++ {
		if i < len(a) {
			out = append(out, a[i])
		}
		if i < len(b) {
			out = append(out, b[i])
		}
	}
	return out
}
