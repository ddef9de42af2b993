package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"wren/account/internal/flock"
)

// syncTurns are the in-process turns of each sync lock: file locks are per
// open file, so two goroutines of one process would otherwise wait for
// each other's lock files forever.
var syncTurns sync.Map // lock path → chan struct{} (capacity 1)

// LockSync waits until no other process (the window, the command line)
// nor goroutine syncs account over this store, and holds that until
// release: two syncs of one account never run at once, so they never
// double the connections the server allows nor race each other's rows.
func (s *Store) LockSync(ctx context.Context, account string) (release func(), err error) {
	sum := sha256.Sum256([]byte(account))
	path := filepath.Join(s.OwnersDir(), "sync-"+hex.EncodeToString(sum[:8])+".lock")
	turn, _ := syncTurns.LoadOrStore(path, make(chan struct{}, 1))
	ch := turn.(chan struct{})
	select {
	case ch <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := os.MkdirAll(s.OwnersDir(), 0o700); err != nil {
		<-ch
		return nil, fmt.Errorf("store: sync lock: %w", err)
	}
	unlock, err := flock.Acquire(ctx, path)
	if err != nil {
		<-ch
		return nil, fmt.Errorf("store: sync lock: %w", err)
	}
	return func() { unlock(); <-ch }, nil
}

// SyncTurn is LockSync of account in the form a sync engine's Exclusive
// takes.
func (s *Store) SyncTurn(account string) func(context.Context) (func(), error) {
	return func(ctx context.Context) (func(), error) { return s.LockSync(ctx, account) }
}
