package testserver

import (
	"time"

	"wren/transport"
)

// Options are connection options that trust the test CA. The timeouts are
// short, so a hung server fails the test in seconds, yet generous enough
// for a loaded machine running tests with -race.
func (s *Servers) Options() transport.Options {
	return transport.Options{
		Timeouts: transport.Timeouts{
			Connect:  5 * time.Second,
			TLS:      5 * time.Second,
			Greeting: 5 * time.Second,
			Command:  10 * time.Second,
			Transfer: 30 * time.Second,
		},
		RootCAs: s.RootCAs,
	}
}
