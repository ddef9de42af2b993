package testcorpus

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestFind(t *testing.T) {
	root := t.TempDir()
	corpus := filepath.Join(root, "shared", "corpus")
	deep := filepath.Join(root, "main", "account", "render")
	for _, d := range []string{corpus, deep} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(corpus, "SOURCES.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	wd := func() (string, error) { return deep, nil }
	if got, err := find("", wd, "/nonexistent"); err != nil || got != corpus {
		t.Fatalf("beside a parent: %q, %v", got, err)
	}
	if got, _ := find("/env/corpus", wd, "/nonexistent"); got != "/env/corpus" {
		t.Fatalf("WREN_CORPUS ignored: %q", got)
	}
	elsewhere := func() (string, error) { return t.TempDir(), nil }
	if got, err := find("", elsewhere, corpus); err != nil || got != corpus {
		t.Fatalf("fixed location: %q, %v", got, err)
	}
	if _, err := find("", elsewhere, "/nonexistent"); !errors.As(err, new(notFound)) {
		t.Fatalf("missing corpus: %v", err)
	}
}

// The real corpus is reachable from this checkout (CI runs in a clone).
func TestDirFindsTheCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(Dir(t), "SOURCES.md")); err != nil {
		t.Fatal(err)
	}
}
