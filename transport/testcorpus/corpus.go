// Package testcorpus finds the shared mail corpus for tests. The corpus is
// not ours to copy: it is read where the workplace keeps it — $WREN_CORPUS,
// else a shared/corpus beside the checkout (or beside any parent folder, so
// a clone in /tmp finds it too), else the workplace's fixed location.
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Workplace is where the workplace keeps the corpus.
const Workplace = "/work/shared/corpus"

// Dir returns the corpus folder, failing the test when there is none.
func Dir(t testing.TB) string {
	t.Helper()
	dir, err := find(os.Getenv("WREN_CORPUS"), os.Getwd, Workplace)
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

type notFound struct{}

func (notFound) Error() string {
	return "shared/corpus not found beside the repository (looked upward from the working directory) nor at " +
		Workplace + "; set WREN_CORPUS"
}

func find(env string, wd func() (string, error), fixed string) (string, error) {
	if env != "" {
		return env, nil
	}
	dir, err := wd()
	if err != nil {
		return "", err
	}
	for {
		c := filepath.Join(dir, "shared", "corpus")
		if _, err := os.Stat(filepath.Join(c, "SOURCES.md")); err == nil {
			return c, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if _, err := os.Stat(filepath.Join(fixed, "SOURCES.md")); err == nil {
		return fixed, nil
	}
	return "", notFound{}
}
