package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migration brings the schema from version-1 to version. Steps run in
// one transaction together with the user_version bump, so a failure
// leaves the file exactly as it was.
type migration struct {
	version int
	steps   []string
}

func migrate(ctx context.Context, db *sql.DB, migs []migration) error {
	var have int
	err := retryBusy(ctx, func() error { return db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have) })
	if err != nil {
		return fmt.Errorf("%w: read schema version: %w", ErrMigration, err)
	}
	want := 0
	if len(migs) > 0 {
		want = migs[len(migs)-1].version
	}
	if have > want {
		return fmt.Errorf("%w (schema %d, this build knows %d)", ErrTooNew, have, want)
	}
	for _, m := range migs {
		if m.version <= have {
			continue
		}
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("%w: to version %d: %w", ErrMigration, m.version, err)
		}
	}
	return nil
}

// retryBusy runs fn again while SQLite answers SQLITE_BUSY, for up to
// busyWait. A connection's first statement on a new file (which turns
// it to WAL) gets SQLITE_BUSY at once, without the busy timeout's wait,
// while another process does the same: the window and the command line
// opening a new profile together.
func retryBusy(ctx context.Context, fn func() error) error {
	deadline := time.Now().Add(busyWait)
	for pause := time.Millisecond; ; pause = min(2*pause, 50*time.Millisecond) {
		err := fn()
		if !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// busyWait is as long as the connections' busy timeout.
const busyWait = 10 * time.Second

func apply(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The write lock is taken at BEGIN (immediate): another process that
	// opened the same fresh store may have migrated it meanwhile.
	var have int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	if have >= m.version {
		return nil
	}
	for _, st := range m.steps {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return err
		}
	}
	// PRAGMA takes no parameters; version is ours, not user input.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}
