package imapsync

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// fakeHost is the watcher's world: a clock, interface addresses, and a
// target that counts reconnects. Every Addrs call signals polled.
type fakeHost struct {
	mu         sync.Mutex
	wall       time.Time
	mono       time.Duration
	addrs      []string
	addrsErr   error
	polled     chan struct{}
	reconnects chan struct{}
}

func newFakeHost() *fakeHost {
	return &fakeHost{wall: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC), addrs: []string{"eth0 192.0.2.7/24"},
		polled: make(chan struct{}, 10), reconnects: make(chan struct{}, 10)}
}

func (h *fakeHost) clock() (time.Time, time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.wall, h.mono
}

func (h *fakeHost) list() ([]string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	defer func() { h.polled <- struct{}{} }()
	return slices.Clone(h.addrs), h.addrsErr
}

func (h *fakeHost) Reconnect() { h.reconnects <- struct{}{} }

func (h *fakeHost) edit(f func(h *fakeHost)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	f(h)
}

func TestWatcherSleepAndNetworkChange(t *testing.T) {
	h := newFakeHost()
	ticks := make(chan time.Time)
	w := &Watcher{Target: h, Addrs: h.list, Clock: h.clock, Ticks: ticks}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	recv(t, h.polled, "first address listing")

	poll := func() {
		t.Helper()
		ticks <- time.Time{}
		recv(t, h.polled, "poll")
	}
	// quiet: a poll, then one more so any reconnect of the first is in.
	quiet := func(what string) {
		t.Helper()
		poll()
		poll()
		none(t, h.reconnects, "reconnect after "+what)
	}
	h.edit(func(h *fakeHost) { h.wall, h.mono = h.wall.Add(10*time.Second), h.mono+10*time.Second })
	quiet("10 s awake")
	h.edit(func(h *fakeHost) { h.wall, h.mono = h.wall.Add(12*time.Second), h.mono+10*time.Second })
	quiet("a 2 s clock step")

	h.edit(func(h *fakeHost) { h.wall, h.mono = h.wall.Add(time.Hour), h.mono+10*time.Second })
	poll()
	recv(t, h.reconnects, "reconnect after an hour asleep")
	quiet("the sleep was handled")

	h.edit(func(h *fakeHost) { h.addrs = append(h.addrs, "wg0 10.8.0.2/32") })
	poll()
	recv(t, h.reconnects, "reconnect after a new address")
	h.edit(func(h *fakeHost) { h.addrsErr = errors.New("netlink busy") })
	quiet("a failed address listing")
	h.edit(func(h *fakeHost) { h.addrsErr = nil; slices.Reverse(h.addrs) })
	quiet("the same addresses in another order")

	cancel()
	<-done
}

// The whole path with a runner: a network change drops the connection in
// IDLE, and a new one is dialed and synced at once (the backoff and the
// poll interval are an hour).
func TestWatcherReconnectsRunner(t *testing.T) {
	h := newFakeHost()
	conns := make(chan *idleFake, 10)
	r := &Runner{Engine: &Engine{Store: newMemStore()}, Poll: time.Hour, Backoff: []time.Duration{time.Hour},
		Dial: func(context.Context) (IdleConn, error) {
			c := newIdleFake()
			conns <- c
			return c, nil
		}}
	ticks := make(chan time.Time)
	w := &Watcher{Target: r, Addrs: h.list, Clock: h.clock, Ticks: ticks}
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() { r.Run(ctx) })
	wg.Go(func() { w.Run(ctx) })
	recv(t, h.polled, "first address listing")
	first := <-conns
	recv(t, first.idling, "IDLE after the first sync")

	h.edit(func(h *fakeHost) { h.addrs = []string{"wlan0 198.51.100.4/24"} })
	ticks <- time.Time{}
	recv(t, first.closed, "old connection dropped")
	var second *idleFake
	select {
	case second = <-conns:
	case <-time.After(10 * time.Second):
		t.Fatal("no new connection after the network changed")
	}
	recv(t, second.listed, "full sync on the new connection")
	recv(t, second.idling, "IDLE on the new connection")
	cancel()
	wg.Wait()
}

// The defaults read the real machine: loopback is up, and the monotonic
// clock moves with the wall clock while awake.
func TestWatcherDefaults(t *testing.T) {
	as, err := interfaceAddrs()
	if err != nil || len(as) == 0 {
		t.Fatalf("interface addresses %v, %v", as, err)
	}
	clock := systemClock()
	w1, m1 := clock()
	w2, m2 := clock()
	if d := w2.Sub(w1) - (m2 - m1); d > time.Second || d < -time.Second {
		t.Errorf("wall and monotonic clocks differ by %v while awake", d)
	}
}
