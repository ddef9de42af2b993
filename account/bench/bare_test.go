package bench

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"wren/transport/testserver"
)

// rawPOP3Bare is the POP3 listing's second baseline: the raw pipelined
// client keeping each header in a bare SQLite table (one row per
// message, in transactions of 500, WAL as Wren's store runs), the least a
// client that stores what it lists must do.
func rawPOP3Bare(ctx context.Context, tb testing.TB, srv *testserver.Servers, u testserver.User) (time.Duration, int, error) {
	path := filepath.Join(tb.TempDir(), "bare.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return 0, 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, `CREATE TABLE headers (num INTEGER PRIMARY KEY, header BLOB NOT NULL)`); err != nil {
		return 0, 0, err
	}
	var tx *sql.Tx
	var ins *sql.Stmt
	keep := func(i int, header []byte) error {
		if tx == nil {
			var err error
			if tx, err = db.BeginTx(ctx, nil); err != nil {
				return err
			}
			if ins, err = tx.PrepareContext(ctx, `INSERT INTO headers (num, header) VALUES (?, ?)`); err != nil {
				return err
			}
		}
		if _, err := ins.ExecContext(ctx, i, header); err != nil {
			return err
		}
		if i%500 == 0 {
			ins.Close()
			err := tx.Commit()
			tx = nil
			return err
		}
		return nil
	}
	took, n, _, err := rawPOP3Keep(ctx, srv, u, func(i int, h []byte) error {
		return keep(i, h)
	})
	if err != nil {
		return 0, n, err
	}
	start := time.Now()
	if tx != nil {
		ins.Close()
		if err := tx.Commit(); err != nil {
			return 0, n, err
		}
	}
	return took + time.Since(start), n, nil
}
