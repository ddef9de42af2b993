package attach

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	p, err := Save(dir, "a.txt", strings.NewReader("first"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if p != filepath.Join(dir, "a.txt") {
		t.Fatalf("path %q", p)
	}
	if _, err := Save(dir, "a.txt", strings.NewReader("second"), 0); !errors.Is(err, ErrExists) {
		t.Fatalf("second save: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "first" {
		t.Fatalf("file replaced: %q", b)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm()&0o111 != 0 {
		t.Fatalf("saved with an executable bit: %v", fi.Mode())
	}
}

func TestSaveUniqueNumbers(t *testing.T) {
	dir := t.TempDir()
	var got []string
	for _, body := range []string{"1", "2", "3"} {
		p, err := SaveUnique(dir, "scan.pdf", strings.NewReader(body), 0)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.Base(p))
	}
	want := []string{"scan.pdf", "scan (1).pdf", "scan (2).pdf"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("names %q, want %q", got, want)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "scan (2).pdf")); string(b) != "3" {
		t.Fatalf("content %q", b)
	}
}

func TestSaveStaysInsideFolder(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "downloads")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"../escape.txt", "/tmp/abs.txt", "sub/x.txt", ""} {
		if _, err := Save(dir, name, strings.NewReader("x"), 0); err == nil {
			t.Errorf("Save(%q) succeeded", name)
		}
	}
	// A symbolic link planted in the folder must not lead outside it.
	if err := os.Symlink(filepath.Join(parent, "outside.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if _, err := Save(dir, "link.txt", strings.NewReader("x"), 0); err == nil {
		t.Fatal("saving through a symbolic link succeeded")
	}
	if _, err := os.Stat(filepath.Join(parent, "outside.txt")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a file appeared outside the folder: %v", err)
	}
}

func TestSaveLimit(t *testing.T) {
	dir := t.TempDir()
	if _, err := Save(dir, "big.bin", strings.NewReader(strings.Repeat("x", 101)), 100); err == nil {
		t.Fatal("an attachment over the limit was saved")
	}
	if _, err := os.Stat(filepath.Join(dir, "big.bin")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a partial file was left: %v", err)
	}
	if _, err := Save(dir, "ok.bin", strings.NewReader(strings.Repeat("x", 100)), 100); err != nil {
		t.Fatalf("an attachment at the limit: %v", err)
	}
}

func TestTemp(t *testing.T) {
	tmp, err := NewTemp(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(tmp.Dir())
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode %v, %v", fi.Mode(), err)
	}
	p1, err := tmp.Write("run.sh", strings.NewReader("#!/bin/sh\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := tmp.Write("run.sh", strings.NewReader("#!/bin/sh\necho 2\n"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if p1 == p2 {
		t.Fatal("a second file replaced the first")
	}
	for _, p := range []string{p1, p2} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o400 {
			t.Fatalf("%s mode %v, want read-only for the user", p, fi.Mode())
		}
	}
	if b, _ := os.ReadFile(p2); string(b) != "#!/bin/sh\necho 2\n" {
		t.Fatalf("content %q", b)
	}
	dir := tmp.Dir()
	if err := tmp.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("folder left after Close: %v", err)
	}
	if _, err := tmp.Write("x", strings.NewReader(""), 0); err == nil {
		t.Fatal("Write after Close succeeded")
	}
}
