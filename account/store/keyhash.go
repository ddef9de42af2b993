package store

import (
	"database/sql/driver"
	"fmt"

	"modernc.org/sqlite"
)

// keyHash is the stored form of an account's thread key: 64-bit FNV-1a
// of the account, a NUL and the key. It must never change: stored hashes
// are looked up by it.
func keyHash(account, key string) int64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for i := 0; i < len(account); i++ {
		h = (h ^ uint64(account[i])) * prime
	}
	h *= prime // the NUL between them
	for i := 0; i < len(key); i++ {
		h = (h ^ uint64(key[i])) * prime
	}
	return int64(h)
}

// wren_key_hash(account, key) is keyHash in SQL, for the migration that
// turned stored text keys into hashes (schemaV11).
func init() {
	err := sqlite.RegisterDeterministicScalarFunction("wren_key_hash", 2, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		var s [2]string
		for i, a := range args {
			switch v := a.(type) {
			case string:
				s[i] = v
			case []byte:
				s[i] = string(v)
			default:
				return nil, fmt.Errorf("wren_key_hash: argument %d is %T, not text", i+1, a)
			}
		}
		return keyHash(s[0], s[1]), nil
	})
	if err != nil {
		panic(err) // only a name registered twice fails
	}
}
