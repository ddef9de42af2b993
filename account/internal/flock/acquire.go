package flock

import (
	"context"
	"time"
)

// Acquire waits for the lock on path until ctx ends, polling with backoff
// because a blocking lock cannot be abandoned when ctx does.
func Acquire(ctx context.Context, path string) (release func() error, err error) {
	backoff := 5 * time.Millisecond
	for {
		release, ok, err := Try(path)
		if err != nil || ok {
			return release, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 100*time.Millisecond)
	}
}
