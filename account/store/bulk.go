package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// maxParams bounds the values bound per statement (SQLite's historic
// limit, safe with any build).
const maxParams = 999

// insertRows inserts rows into table, many per statement: a statement's
// fixed cost through database/sql and the driver is about that of a small
// row, so it is paid per chunk instead of per row. args holds the rows'
// values one row after another, in the order of cols.
//
// A column with the same value in every row (the folder, an empty
// snippet, a pending thread) is bound once per statement instead of once
// per row: binding is about a third of a header insert's cost, and a
// batch of headers repeats a quarter of its values.
func insertRows(ctx context.Context, tx *sql.Tx, cache *stmtCache, table string, cols []string, args []any) error {
	_, err := insertRowsVerb(ctx, tx, cache, "INSERT", table, cols, args)
	return err
}

// insertRowsVerb is insertRows with another verb ("INSERT OR IGNORE"); it
// returns how many rows the statements changed.
func insertRowsVerb(ctx context.Context, tx *sql.Tx, cache *stmtCache, verb, table string, cols []string, args []any) (int64, error) {
	width := len(cols)
	if width == 0 || len(args)%width != 0 {
		return 0, fmt.Errorf("store: %d values for rows of %d", len(args), width)
	}
	n := len(args) / width
	if n == 0 {
		return 0, nil
	}
	var fixed, vary []int // column indexes
	for c := range width {
		if sameInEveryRow(args, width, c) {
			fixed = append(fixed, c)
		} else {
			vary = append(vary, c)
		}
	}
	if len(vary) == 0 { // one row, or copies: a tuple still needs its own "?"
		vary, fixed = fixed[len(fixed)-1:], fixed[:len(fixed)-1]
	}
	// The fixed values are ?1..?k; each following "?" takes the next
	// number (SQLite numbers an anonymous parameter one above the largest
	// before it), so the fixed columns come first in every tuple.
	var names []string
	tuple := "("
	consts := make([]any, 0, len(fixed))
	for i, c := range fixed {
		names = append(names, cols[c])
		consts = append(consts, args[c])
		tuple += "?" + strconv.Itoa(i+1) + ", "
	}
	for _, c := range vary {
		names = append(names, cols[c])
	}
	tuple += strings.TrimSuffix(strings.Repeat("?, ", len(vary)), ", ") + ")"
	head := verb + " INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES "
	values := make([]any, 0, n*len(vary))
	for r := range n {
		row := args[r*width : (r+1)*width]
		for _, c := range vary {
			values = append(values, row[c])
		}
	}
	return execManyWith(ctx, tx, cache, func(rows int) string { return head + repeatJoined(tuple, rows) }, consts, len(vary), values)
}

// sameInEveryRow reports whether column c holds one value in every row.
// Only plain values compare (anything else counts as varying).
func sameInEveryRow(args []any, width, c int) bool {
	switch args[c].(type) {
	case string, int64, int, uint32, bool:
	default:
		return false
	}
	for i := c + width; i < len(args); i += width {
		if args[i] != args[c] {
			return false
		}
	}
	return true
}

// repeatJoined is s, n times, comma separated.
func repeatJoined(s string, n int) string {
	var b strings.Builder
	b.Grow(n * (len(s) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(s)
	}
	return b.String()
}

// execMany runs the statement stmt(n) for n rows of args at a time.
func execMany(ctx context.Context, tx *sql.Tx, cache *stmtCache, stmt func(n int) string, width int, args []any) error {
	_, err := execManyWith(ctx, tx, cache, stmt, nil, width, args)
	return err
}

// execManyWith is execMany for statements whose first parameters are
// consts, bound once per statement; it returns the rows changed.
//
// Rows go in statements of as many rows as the parameters allow. With a
// cache, what is left goes in statements of 32, 16, … 1 rows: a handful
// of shapes, each prepared once, however the batches are cut; without
// one, in one statement (prepared for this call only).
func execManyWith(ctx context.Context, tx *sql.Tx, cache *stmtCache, stmt func(n int) string, consts []any, width int, args []any) (int64, error) {
	if width <= 0 || len(args)%width != 0 {
		return 0, fmt.Errorf("store: %d values for rows of %d", len(args), width)
	}
	var changed int64
	per := max(1, (maxParams-len(consts))/width) // rows per full statement
	buf := make([]any, 0, len(consts)+per*width)
	for len(args) > 0 {
		n := min(per, len(args)/width)
		if n < per && cache != nil {
			n = 1 << (bits.Len(uint(n)) - 1) // the largest power of two ≤ n
		}
		st, release, err := cache.in(ctx, tx, stmt(n))
		if err != nil {
			return changed, err
		}
		for len(args) >= n*width {
			chunk := append(append(buf[:0], consts...), args[:n*width]...)
			args = args[n*width:]
			r, err := st.ExecContext(ctx, chunk...)
			if err != nil {
				release()
				return changed, err
			}
			if k, err := r.RowsAffected(); err == nil {
				changed += k
			}
		}
		release()
	}
	return changed, nil
}

// valuesList is "VALUES (?, ?), (?, ?)" for rows rows of width values.
func valuesList(width, rows int) string {
	return "VALUES " + repeatJoined("("+strings.TrimSuffix(strings.Repeat("?, ", width), ", ")+")", rows)
}
