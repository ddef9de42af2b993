package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// maxParams bounds the values bound per statement (SQLite's historic
// limit, safe with any build).
const maxParams = 999

// insertMany runs head ("INSERT INTO t (a, b)") with many rows per
// statement: a statement's fixed cost through database/sql and the driver
// is about that of a small row, so it is paid per chunk instead of per
// row. args holds the rows' values one after another, width per row.
func insertMany(ctx context.Context, tx *sql.Tx, head string, width int, args []any) error {
	return execMany(ctx, tx, func(n int) string { return head + " " + valuesList(width, n) }, width, args)
}

// execMany runs the statement stmt(n) for n rows of args at a time.
func execMany(ctx context.Context, tx *sql.Tx, stmt func(n int) string, width int, args []any) error {
	if width <= 0 || len(args)%width != 0 {
		return fmt.Errorf("store: %d values for rows of %d", len(args), width)
	}
	per := max(1, maxParams/width) // rows per full statement
	var full *sql.Stmt
	for len(args) > 0 {
		n := min(per, len(args)/width)
		chunk := args[:n*width]
		args = args[n*width:]
		if n == per {
			if full == nil {
				st, err := tx.PrepareContext(ctx, stmt(n))
				if err != nil {
					return err
				}
				defer st.Close()
				full = st
			}
			if _, err := full.ExecContext(ctx, chunk...); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, stmt(n), chunk...); err != nil {
			return err
		}
	}
	return nil
}

// valuesList is "VALUES (?, ?), (?, ?)" for rows rows of width values.
func valuesList(width, rows int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	var b strings.Builder
	b.WriteString("VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}
