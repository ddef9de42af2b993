package store

import (
	"context"
	"time"
)

// The indexer beside a long write waits until alongsideMin rows wait
// (checking every alongsidePause), then catches them up in transactions of
// up to alongsideBatch: each pass rewrites much of the thread keys and the
// index wherever its rows fall, so fewer, larger passes cost less work
// and fewer bytes written than one per saved batch.
const (
	alongsidePause = 50 * time.Millisecond
	alongsideMin   = 4000
	alongsideBatch = 10000
)

// IndexAlongside threads and indexes rows as they are stored, on a
// goroutine of its own, until stop is called: a first sync's rows are
// caught up beside it (the other core) instead of after it or in its
// path. stop waits for the batch under way, then returns how long the
// indexer was busy and its error; rows stored after its last batch (fewer
// than alongsideMin) are left to the next CatchUp.
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
			if waiting, err := s.pending(ctx); err != nil || waiting < alongsideMin {
				select {
				case <-ctx.Done():
					return
				case <-quit:
					return
				case <-time.After(alongsidePause):
				}
				continue
			}
			start := time.Now()
			n, err := s.catchUp(ctx, alongsideBatch)
			if n > 0 {
				r.busy += time.Since(start)
			}
			if err != nil {
				r.err = err
				return
			}
		}
	}()
	return func() (time.Duration, error) {
		close(quit)
		r := <-done
		return r.busy, r.err
	}
}

// pending counts the rows waiting for a catch-up (an index count).
func (s *Store) pending(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM messages WHERE thread_id = `+pendingSQL).Scan(&n)
	return n, err
}
