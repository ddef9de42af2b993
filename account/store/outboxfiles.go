package store

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"wren/account"
)

// OutboxDir is the folder beside the store that holds the outbox's
// messages, one file each.
func (s *Store) OutboxDir() string { return filepath.Join(s.dir, "outbox") }

// NewOutboxFile creates an empty message file in OutboxDir, readable by
// the user only. The caller writes the message, closes it and passes its
// name to AddOutbox, or removes it.
func (s *Store) NewOutboxFile() (*os.File, error) {
	if err := os.MkdirAll(s.OutboxDir(), 0o700); err != nil {
		return nil, fmt.Errorf("store: outbox folder: %w", account.DiskFull(err, s.dir, 0))
	}
	f, err := os.CreateTemp(s.OutboxDir(), "msg-*.eml")
	if err != nil {
		return nil, fmt.Errorf("store: outbox message: %w", account.DiskFull(err, s.dir, 0))
	}
	return f, nil
}

// outboxName is the name AddOutbox keeps for path: "" for none, else a
// file directly in OutboxDir (nothing else is ever removed with an item).
func (s *Store) outboxName(path string) (string, error) {
	if path == "" {
		return "", nil
	}
	name := filepath.Base(path)
	if filepath.Join(s.OutboxDir(), name) != filepath.Clean(path) || !strings.HasSuffix(name, ".eml") {
		return "", fmt.Errorf("store: outbox message %q is not in %s", path, s.OutboxDir())
	}
	return name, nil
}

// removeOutboxFiles deletes the files of removed items. A file that stays
// (already gone, or the disk refuses) costs only space, which
// SweepOutboxFiles recovers later.
func (s *Store) removeOutboxFiles(names []string) {
	for _, n := range names {
		if n == "" {
			continue
		}
		if err := os.Remove(filepath.Join(s.OutboxDir(), n)); err != nil && !os.IsNotExist(err) {
			slog.Warn("outbox message file not removed", "file", n, "err", err)
		}
	}
}

// SweepOutboxFiles removes message files that no outbox item names and
// that are older than grace: left by a crash between writing a message
// and queueing it. grace keeps a file another process is about to queue.
func (s *Store) SweepOutboxFiles(ctx context.Context, grace time.Duration) (int, error) {
	entries, err := os.ReadDir(s.OutboxDir())
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: outbox folder: %w", err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT file FROM outbox WHERE file != ''`)
	if err != nil {
		return 0, fmt.Errorf("store: outbox files: %w", err)
	}
	defer rows.Close()
	named := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return 0, fmt.Errorf("store: outbox files: %w", err)
		}
		named[n] = true
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: outbox files: %w", err)
	}
	removed := 0
	for _, e := range entries {
		if named[e.Name()] || !strings.HasSuffix(e.Name(), ".eml") {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < grace {
			continue
		}
		if os.Remove(filepath.Join(s.OutboxDir(), e.Name())) == nil {
			removed++
		}
	}
	return removed, nil
}
