package imapsync

import (
	"context"
	"log/slog"
	"net"
	"slices"
	"time"
)

// Reconnecter is what a Watcher wakes (a *Runner).
type Reconnecter interface {
	Reconnect()
}

// Watcher notices what leaves a connection dead without telling anyone:
// the machine slept (the wall clock jumped ahead of the monotonic clock,
// which stands still during suspend) or the set of local interface
// addresses changed (another network, a VPN). Either makes it call
// Reconnect at once, instead of waiting for the next health check.
type Watcher struct {
	Target Reconnecter
	// Every is the polling interval (default 10 s).
	Every time.Duration
	// Addrs lists the local interface addresses (default: every address
	// of net.Interfaces). An error skips that poll.
	Addrs func() ([]string, error)
	// Clock reads the wall clock and a monotonic clock (default: the
	// system's). Tests inject both.
	Clock func() (wall time.Time, mono time.Duration)
	// Ticks, when set, replaces the ticker: every receive is one poll.
	Ticks  <-chan time.Time
	Logger *slog.Logger
}

// sleepSlack is how far the wall clock may run ahead of the monotonic one
// between polls before it counts as a sleep (small clock steps by NTP
// are not one).
const sleepSlack = 5 * time.Second

// Run polls until ctx ends.
func (w *Watcher) Run(ctx context.Context) {
	log := w.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	every := w.Every
	if every <= 0 {
		every = 10 * time.Second
	}
	ticks := w.Ticks
	if ticks == nil {
		t := time.NewTicker(every)
		defer t.Stop()
		ticks = t.C
	}
	clock := w.Clock
	if clock == nil {
		clock = systemClock()
	}
	addrs := w.Addrs
	if addrs == nil {
		addrs = interfaceAddrs
	}
	lastWall, lastMono := clock()
	lastAddrs, err := addrs()
	if err != nil {
		lastAddrs = nil
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticks:
		}
		wall, mono := clock()
		slept := wall.Sub(lastWall)-(mono-lastMono) > sleepSlack
		lastWall, lastMono = wall, mono
		now, err := addrs()
		changed := false
		if err == nil {
			slices.Sort(now)
			changed = lastAddrs != nil && !slices.Equal(now, lastAddrs)
			lastAddrs = now
		}
		if slept || changed {
			log.Info("reconnecting", "slept", slept, "network_changed", changed)
			w.Target.Reconnect()
		}
	}
}

// systemClock reads the wall clock and the monotonic time since the
// watcher started.
func systemClock() func() (time.Time, time.Duration) {
	start := time.Now()
	return func() (time.Time, time.Duration) {
		now := time.Now()
		return now.Round(0), now.Sub(start) // Round(0) drops the monotonic reading
	}
}

// interfaceAddrs lists the addresses of the interfaces that are up.
func interfaceAddrs() ([]string, error) {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil, err
	}
	var out []string
	for _, ifc := range ifs {
		if ifc.Flags&net.FlagUp == 0 {
			continue
		}
		as, err := ifc.Addrs()
		if err != nil {
			return nil, err
		}
		for _, a := range as {
			out = append(out, ifc.Name+" "+a.String())
		}
	}
	slices.Sort(out)
	return out, nil
}
