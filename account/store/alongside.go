package store

import (
	"context"
	"time"
)

// alongsidePause is how long the indexer beside a long write waits when
// it found nothing to do.
const alongsidePause = 50 * time.Millisecond

// IndexAlongside threads and indexes rows as they are stored, on a
// goroutine of its own, until stop is called: a first sync's rows are
// caught up beside it (the other core) instead of after it or in its
// path. stop waits for the batch under way, then returns how long the
// indexer was busy and its error; rows stored after its last batch are
// left to the next CatchUp.
func (s *Store) IndexAlongside(ctx context.Context) (stop func() (busy time.Duration, err error)) {
	type result struct {
		busy time.Duration
		err  error
	}
	quit := make(chan struct{})
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() { done <- r }()
		for {
			select {
			case <-quit:
				return
			default:
			}
			start := time.Now()
			n, err := s.CatchUp(ctx)
			if n > 0 {
				r.busy += time.Since(start)
			}
			if err != nil {
				r.err = err
				return
			}
			if n == 0 {
				select {
				case <-ctx.Done():
					return
				case <-quit:
					return
				case <-time.After(alongsidePause):
				}
			}
		}
	}()
	return func() (time.Duration, error) {
		close(quit)
		r := <-done
		return r.busy, r.err
	}
}
