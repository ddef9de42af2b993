package store

import (
	"fmt"
	"testing"
)

// insertRows stores exactly the rows given, whichever columns repeat and
// however many statements they take.
func TestInsertRows(t *testing.T) {
	s := openT(t)
	ctx := ctxT(t)
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE t (a INTEGER, b TEXT, c INTEGER, d TEXT)`); err != nil {
		t.Fatal(err)
	}
	cases := map[string][][]any{
		"one row":           {{int64(1), "x", int64(2), "y"}},
		"identical rows":    {{int64(1), "x", int64(2), "y"}, {int64(1), "x", int64(2), "y"}},
		"some columns vary": {{int64(7), "same", int64(1), ""}, {int64(7), "same", int64(2), "it's"}, {int64(7), "same", int64(3), ""}},
	}
	var many [][]any // more rows than one statement binds
	for i := range 700 {
		many = append(many, []any{int64(5), fmt.Sprint("r", i), int64(i), "tail"})
	}
	cases["many statements"] = many
	cases["a full statement and pieces"] = many[:263]
	// Without a cache, then twice with one: the second pass finds every
	// statement prepared by the first.
	cache := &stmtCache{}
	for pass, c := range []*stmtCache{nil, cache, cache} {
		for name, rows := range cases {
			insertCase(t, s, c, fmt.Sprintf("%s (pass %d)", name, pass), rows)
		}
		if pass == 2 && len(cache.wanted) > 0 {
			t.Errorf("second pass with the cache prepared %d new statements", len(cache.wanted))
		}
	}
	if len(cache.ready) == 0 {
		t.Error("the cache kept no statement")
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := insertRows(ctx, tx, nil, "t", []string{"a", "b"}, []any{int64(1), "x", int64(2)}); err == nil {
		t.Error("values not filling whole rows: want an error")
	}
}

// insertCase stores rows in table t through insertRows and checks that
// exactly they are there.
func insertCase(t *testing.T, s *Store, cache *stmtCache, name string, rows [][]any) {
	t.Helper()
	ctx := ctxT(t)
	{
		if _, err := s.w.ExecContext(ctx, `DELETE FROM t`); err != nil {
			t.Fatal(err)
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var args []any
		for _, r := range rows {
			args = append(args, r...)
		}
		if err := insertRows(ctx, tx, cache, "t", []string{"a", "b", "c", "d"}, args); err != nil {
			tx.Rollback()
			t.Fatalf("%s: %v", name, err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if cache != nil {
			cache.flush(ctx, s.w)
		}
		got, err := s.w.QueryContext(ctx, `SELECT a, b, c, d FROM t ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for got.Next() {
			var a, c int64
			var b, d string
			if err := got.Scan(&a, &b, &c, &d); err != nil {
				t.Fatal(err)
			}
			if i >= len(rows) || fmt.Sprint([]any{a, b, c, d}) != fmt.Sprint(rows[i]) {
				t.Errorf("%s: row %d = %v", name, i, []any{a, b, c, d})
			}
			i++
		}
		got.Close()
		if i != len(rows) {
			t.Errorf("%s: %d rows stored, want %d", name, i, len(rows))
		}
	}
}
