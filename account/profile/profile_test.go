package profile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/account"
	"wren/account/internal/atomicfile"
	"wren/transport"
)

func sample(name string) account.Account {
	return account.Account{
		Name:       name,
		Address:    "me@example.org",
		Identities: []account.Identity{{Name: "Me", Address: "me@example.org"}},
		Incoming: account.Server{Protocol: account.IMAP, Host: "imap.example.org", Port: 993,
			Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword, Source: account.SourceManual},
		Outgoing: account.Server{Protocol: account.SMTP, Host: "smtp.example.org", Port: 465,
			Security: transport.SecurityTLS, Username: "me", Auth: account.AuthPassword, Source: account.SourceManual},
		Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

func mustOpen(t *testing.T, dir string) *Profile {
	t.Helper()
	p, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	return p
}

func TestOpenMissingIsEmptyAndCreatesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wren")
	p := mustOpen(t, dir)
	if n := len(p.Accounts()); n != 0 {
		t.Fatalf("Accounts() = %d accounts, want 0", n)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open created %s (stat err %v)", dir, err)
	}
}

func TestAddGetUpdateRemoveRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "wren")
	p := mustOpen(t, dir)
	a := sample("Work")
	if err := p.Add(a); err != nil {
		t.Fatalf("Add: %v", err)
	}
	if err := p.Add(sample("Home")); err != nil {
		t.Fatalf("Add: %v", err)
	}

	// A fresh Open sees exactly what was saved, in order.
	q := mustOpen(t, dir)
	got := q.Accounts()
	if len(got) != 2 || got[0].Name != "Work" || got[1].Name != "Home" {
		t.Fatalf("reopened accounts = %+v", got)
	}
	if fmt.Sprint(got[0]) != fmt.Sprint(a) {
		t.Errorf("round trip changed the account:\n got %+v\nwant %+v", got[0], a)
	}

	g, err := q.Get("work")
	if err != nil || g.Name != "Work" {
		t.Fatalf("Get(work) = %+v, %v", g, err)
	}
	g.Incoming.Port = 143
	g.Incoming.Security = transport.SecuritySTARTTLS
	if err := q.Update(g); err != nil {
		t.Fatalf("Update: %v", err)
	}
	if err := q.Remove("HOME"); err != nil {
		t.Fatalf("Remove: %v", err)
	}

	r := mustOpen(t, dir)
	got = r.Accounts()
	if len(got) != 1 || got[0].Incoming.Port != 143 || got[0].Incoming.Security != transport.SecuritySTARTTLS {
		t.Fatalf("after update+remove: %+v", got)
	}
}

func TestNameErrors(t *testing.T) {
	p := mustOpen(t, t.TempDir())
	if err := p.Add(sample("Work")); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(sample("WORK")); !errors.Is(err, account.ErrAccountExists) {
		t.Errorf("duplicate Add = %v, want ErrAccountExists", err)
	}
	if err := p.Remove("nope"); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("Remove(nope) = %v, want ErrNoAccount", err)
	}
	if err := p.Update(sample("nope")); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("Update(nope) = %v, want ErrNoAccount", err)
	}
	if _, err := p.Get("nope"); !errors.Is(err, account.ErrNoAccount) {
		t.Errorf("Get(nope) = %v, want ErrNoAccount", err)
	}
	for _, bad := range []string{"", "  ", "a\nb"} {
		if err := p.Add(sample(bad)); !errors.Is(err, ErrInvalidName) {
			t.Errorf("Add(%q) = %v, want ErrInvalidName", bad, err)
		}
	}
	if n := len(mustOpen(t, p.Dir()).Accounts()); n != 1 {
		t.Errorf("file has %d accounts after failed writes, want 1", n)
	}
}

func TestAccountsReturnsCopies(t *testing.T) {
	p := mustOpen(t, t.TempDir())
	if err := p.Add(sample("Work")); err != nil {
		t.Fatal(err)
	}
	got := p.Accounts()
	got[0].Name = "changed"
	got[0].Identities[0].Address = "evil@example.org"
	again, _ := p.Get("Work")
	if again.Identities[0].Address != "me@example.org" {
		t.Errorf("caller changed the profile through a returned slice: %+v", again.Identities)
	}
}

func TestFileFormatAndModes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "wren")
	p := mustOpen(t, dir)
	if err := p.Add(sample("Work")); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p.Path())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("{\n  \"version\": 1,\n  \"accounts\": [")) {
		t.Errorf("file does not start with the version:\n%s", data)
	}
	for path, want := range map[string]os.FileMode{dir: 0o700, p.Path(): 0o600} {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s mode = %v, want %v", path, st.Mode().Perm(), want)
		}
	}
	// No temp files are left behind by a successful write.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temp file left: %s", e.Name())
		}
	}
}

func TestRewriteTightensLooseFileMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "accounts.json")
	if err := os.WriteFile(path, []byte(`{"version":1,"accounts":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p := mustOpen(t, dir)
	if err := p.Add(sample("Work")); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode after rewrite = %v, want 0600", st.Mode().Perm())
	}
}

func TestBrokenFilesAreKept(t *testing.T) {
	cases := []struct {
		name, content string
		want          error
	}{
		{"garbage", "this is not json", account.ErrProfileCorrupt},
		{"truncated", `{"version":1,"accounts":[{"name":"a"`, account.ErrProfileCorrupt},
		{"empty", "", account.ErrProfileCorrupt},
		{"no version", `{"accounts":[]}`, account.ErrProfileCorrupt},
		{"version zero", `{"version":0,"accounts":[]}`, account.ErrProfileCorrupt},
		{"wrong type", `{"version":1,"accounts":[{"name":"a","incoming":{"port":"x"}}]}`, account.ErrProfileCorrupt},
		{"trailing", `{"version":1,"accounts":[]}{"version":1}`, account.ErrProfileCorrupt},
		{"duplicate names", `{"version":1,"accounts":[{"name":"A"},{"name":"a"}]}`, account.ErrProfileCorrupt},
		{"unnamed", `{"version":1,"accounts":[{"address":"x@y"}]}`, account.ErrProfileCorrupt},
		{"newer", `{"version":2,"accounts":"a shape this Wren does not know"}`, account.ErrProfileTooNew},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "accounts.json")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := Open(dir)
			if !errors.Is(err, tc.want) || p != nil {
				t.Fatalf("Open = %v, %v; want nil, %v", p, err, tc.want)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			assertContent(t, path, tc.content)
		})
	}
}

// A file damaged (or upgraded by a newer Wren) after Open refuses every
// write with that error and stays byte for byte as it was.
func TestWritesRefusedOnceFileBreaks(t *testing.T) {
	for _, tc := range []struct {
		content string
		want    error
	}{
		{"{garbage", account.ErrProfileCorrupt},
		{`{"version":7,"accounts":[]}`, account.ErrProfileTooNew},
	} {
		dir := t.TempDir()
		p := mustOpen(t, dir)
		if err := p.Add(sample("Work")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p.Path(), []byte(tc.content), 0o600); err != nil {
			t.Fatal(err)
		}
		writes := map[string]func() error{
			"Add":    func() error { return p.Add(sample("Home")) },
			"Update": func() error { return p.Update(sample("Work")) },
			"Remove": func() error { return p.Remove("Work") },
		}
		for name, write := range writes {
			err := write()
			if !errors.Is(err, tc.want) {
				t.Errorf("%s on %q = %v, want %v", name, tc.content, err, tc.want)
			} else if !strings.Contains(err.Error(), p.Path()) {
				t.Errorf("%s error %q does not name the file", name, err)
			}
			assertContent(t, p.Path(), tc.content)
		}
		if err := p.Reload(); !errors.Is(err, tc.want) {
			t.Errorf("Reload = %v, want %v", err, tc.want)
		}
	}
}

func assertContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("the file is gone: %v", err)
	}
	if string(got) != want {
		t.Fatalf("the file was changed:\n got %q\nwant %q", got, want)
	}
}

func TestConcurrentAddsInOneProcess(t *testing.T) {
	dir := t.TempDir()
	p := mustOpen(t, dir)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- p.Add(sample(fmt.Sprintf("acct-%02d", i)))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Add: %v", err)
		}
	}
	if got := len(mustOpen(t, dir).Accounts()); got != n {
		t.Errorf("file has %d accounts, want %d", got, n)
	}
}

// Two Profiles on one directory stand for two Wren processes (flock
// locks are per open file, so they exclude each other within one process
// too): each write starts from the file, so neither loses the other's.
func TestTwoProfilesKeepEachOthersChanges(t *testing.T) {
	dir := t.TempDir()
	a, b := mustOpen(t, dir), mustOpen(t, dir)
	var wg sync.WaitGroup
	for i, p := range []*Profile{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				if err := p.Add(sample(fmt.Sprintf("p%d-%d", i, j))); err != nil {
					t.Errorf("Add: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	if got := len(mustOpen(t, dir).Accounts()); got != 20 {
		t.Errorf("file has %d accounts, want 20", got)
	}
	// b's cache misses a's accounts until it reloads.
	if err := b.Reload(); err != nil {
		t.Fatal(err)
	}
	if got := len(b.Accounts()); got != 20 {
		t.Errorf("after Reload b has %d accounts, want 20", got)
	}
}

func TestLockHeldElsewhereGivesBusy(t *testing.T) {
	dir := t.TempDir()
	p := mustOpen(t, dir)
	if err := p.Add(sample("Work")); err != nil {
		t.Fatal(err)
	}
	release, err := acquire(filepath.Join(dir, lockName), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p.lockWait = 50 * time.Millisecond
	start := time.Now()
	err = p.Add(sample("Home"))
	if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("Add under a held lock = %v, want ErrBusy naming %s", err, dir)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Add waited %v for a 50ms lock wait", d)
	}
	if err := release(); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(sample("Home")); err != nil {
		t.Fatalf("Add after release: %v", err)
	}
}

func TestFailedWriteLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	p := mustOpen(t, dir)
	if err := p.Add(sample("Work")); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p.Path())
	// File modes do not stop root, so the failure is made at the rename:
	// a non-empty directory cannot be replaced by a file.
	target := filepath.Join(dir, "sub")
	if err := os.Mkdir(target, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := atomicfile.Write(target, []byte("new")); err == nil {
		t.Fatal("writeAtomic over a non-empty directory succeeded")
	}
	after, _ := os.ReadFile(p.Path())
	if !bytes.Equal(before, after) {
		t.Error("a failed write changed the account file")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("failed write left %s", e.Name())
		}
	}
}
