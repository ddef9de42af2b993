package store

import (
	"testing"
)

// Stored hashes are looked up by keyHash: it must never change. The
// values are FNV-1a 64 of "account\x00key", computed independently.
func TestKeyHashIsStable(t *testing.T) {
	for _, c := range []struct {
		account, key string
		want         uint64
	}{
		{"", "", 0xaf63bd4c8601b7df},
		{"a", "m:x@y", 0xa9dd97f92d64977e},
		{"Work", "s:quarterly report", 0xe0977904c8ba82ae},
	} {
		if got := uint64(keyHash(c.account, c.key)); got != c.want {
			t.Errorf("keyHash(%q, %q) = %#x, want %#x", c.account, c.key, got, c.want)
		}
	}
	s := openT(t, noIdle)
	var inSQL int64
	if err := s.r.QueryRowContext(ctxT(t), `SELECT wren_key_hash('Work', 's:quarterly report')`).Scan(&inSQL); err != nil {
		t.Fatal(err)
	}
	if inSQL != keyHash("Work", "s:quarterly report") {
		t.Errorf("wren_key_hash in SQL = %#x, keyHash %#x", uint64(inSQL), uint64(keyHash("Work", "s:quarterly report")))
	}
}
