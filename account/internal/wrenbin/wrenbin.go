// Package wrenbin builds the real `wren` program once per test process,
// for tests that run it the way a user does. Only tests import it.
package wrenbin

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	once sync.Once
	path string
	err  error
	out  []byte
)

// Build returns the path of a freshly built wren, built with -race when
// the test binary is (so the race-built packages of `make test` are
// reused from the build cache). A build failure fails the test.
func Build(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		root, e := moduleRoot()
		if e != nil {
			err = e
			return
		}
		dir, e := os.MkdirTemp("", "wrenbin-")
		if e != nil {
			err = e
			return
		}
		path = filepath.Join(dir, "wren")
		args := []string{"build", "-o", path}
		if raceEnabled {
			args = append(args, "-race")
		}
		cmd := exec.Command(goTool(), append(args, ".")...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "GOFLAGS=-buildvcs=false")
		out, err = cmd.CombinedOutput()
	})
	if err != nil {
		t.Fatalf("building wren: %v\n%s", err, out)
	}
	return path
}

// goTool is the go command: on PATH (the Makefile puts /usr/local/go/bin
// there), else where the machine's Go lives.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

// moduleRoot is the folder of wren's go.mod, found upwards from here.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.HasPrefix(string(b), "module wren\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
