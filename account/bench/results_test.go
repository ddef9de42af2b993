package bench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// report prints a benchmark's table and leaves it in testdata/name.
func report(b *testing.B, title, name string, rows []Row) {
	b.Helper()
	var out bytes.Buffer
	if err := WriteTable(&out, title, rows); err != nil {
		b.Fatal(err)
	}
	fmt.Print("\n" + out.String() + "\n")
	if err := os.MkdirAll("testdata", 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", name), out.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
}
