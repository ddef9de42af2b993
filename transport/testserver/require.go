package testserver

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"
)

// Require returns the running test servers or fails the test (never skips):
// a real-server test that silently did not run would prove nothing.
func Require(t testing.TB) *Servers {
	t.Helper()
	s, err := find(t.Context(), stateDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Find is Require for code outside a test function (a test's child
// process, a benchmark driver).
func Find(ctx context.Context) (*Servers, error) {
	return find(ctx, stateDir())
}

// find loads the servers described in dir and checks that every port
// accepts a connection.
func find(ctx context.Context, dir string) (*Servers, error) {
	s, err := load(dir)
	if err != nil {
		return nil, notRunning(dir, err)
	}
	d := net.Dialer{Timeout: 2 * time.Second}
	for _, ep := range s.endpoints() {
		c, err := d.DialContext(ctx, "tcp", ep.Address())
		if err != nil {
			return nil, notRunning(dir, err)
		}
		c.Close()
	}
	return s, nil
}

func notRunning(dir string, err error) error {
	return fmt.Errorf("real test servers are not running: run 'make test-servers' (state dir %s: %v)", dir, err)
}
