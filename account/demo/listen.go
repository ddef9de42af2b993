package demo

import (
	"net"
	"sync"
)

// conns tracks every connection the demo servers accepted, because neither
// server library waits for its connection goroutines on Close: closing
// them here and waiting for the servers' own Close on each is how Demo.Close
// knows they are gone.
type conns struct {
	mu     sync.Mutex
	live   map[*trackedConn]struct{}
	closed bool
	wg     sync.WaitGroup
}

func newConns() *conns { return &conns{live: make(map[*trackedConn]struct{})} }

// listener wraps ln so that every accepted connection is tracked.
func (c *conns) listener(ln net.Listener) net.Listener {
	return &trackedListener{Listener: ln, conns: c}
}

// shutdown cuts every live connection; the server goroutine owning each
// then fails its read and closes it, which wait observes.
func (c *conns) shutdown() {
	c.mu.Lock()
	c.closed = true
	live := make([]*trackedConn, 0, len(c.live))
	for tc := range c.live {
		live = append(live, tc)
	}
	c.mu.Unlock()
	for _, tc := range live {
		tc.Conn.Close() // the raw close: the owner's Close still counts
	}
}

func (c *conns) wait() { c.wg.Wait() }

type trackedListener struct {
	net.Listener
	conns *conns
}

func (l *trackedListener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: nc, conns: l.conns}
	l.conns.mu.Lock()
	closed := l.conns.closed
	l.conns.live[tc] = struct{}{}
	l.conns.wg.Add(1)
	l.conns.mu.Unlock()
	if closed {
		nc.Close() // accepted during shutdown: its server will see EOF at once
	}
	return tc, nil
}

type trackedConn struct {
	net.Conn
	conns *conns
	once  sync.Once
}

// Close is called by the server that owns the connection when it is done
// with it (both libraries do so last, on every path).
func (tc *trackedConn) Close() error {
	err := tc.Conn.Close()
	tc.once.Do(func() {
		tc.conns.mu.Lock()
		delete(tc.conns.live, tc)
		tc.conns.mu.Unlock()
		tc.conns.wg.Done()
	})
	return err
}
