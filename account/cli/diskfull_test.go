package cli_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"wren/account/cli"
	"wren/account/secret"
	"wren/transport/testserver"
)

// A full profile disk (a small tmpfs): sending says so with its own code,
// naming the folder and the room needed (APP-03), not "Something went
// wrong", and queues nothing half-written.
func TestSendOnFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("mounting a small tmpfs needs root: make test runs as root (it installs packages too)")
	}
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	dir := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Fatalf("mounting a small tmpfs for the profile: %v %s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })

	env := cli.Env{RootCAs: srv.RootCAs, Secrets: &secret.Memory{}}
	addAccount(t, env, dir, srv, u)
	r := run(t, env, "", "--profile", dir, "outbox", "--json") // creates the store
	if r.code != 0 {
		t.Fatalf("outbox: %s", r.stdout)
	}
	fillDisk(t, filepath.Join(dir, "filler"), 64<<10)

	eml := filepath.Join(t.TempDir(), "m.eml")
	body := "From: " + u.Address + "\nTo: " + u.Address + "\nSubject: big\n\n" + strings.Repeat(strings.Repeat("y", 76)+"\n", 13000)
	if err := os.WriteFile(eml, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, env, "", "--profile", dir, "send", eml, "--json")
	var out struct {
		Errors []struct{ Code, Explanation string }
	}
	decodeInto(t, r, &out)
	if r.code != 1 || len(out.Errors) != 1 || out.Errors[0].Code != "APP-03" || !strings.Contains(out.Errors[0].Explanation, dir) {
		t.Fatalf("exit %d\n%s", r.code, r.stdout)
	}
	os.Remove(filepath.Join(dir, "filler"))
	r = run(t, env, "", "--profile", dir, "outbox", "--json")
	var ob outboxOut
	decodeInto(t, r, &ob)
	if len(ob.Messages) != 0 {
		t.Errorf("a message the full disk refused is in the outbox: %s", r.stdout)
	}
}

// fillDisk writes zeros to path until the disk is full, then frees keep bytes.
func fillDisk(t *testing.T, path string, keep int64) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16<<10)
	var n int64
	for {
		w, err := f.Write(buf)
		n += int64(w)
		if errors.Is(err, syscall.ENOSPC) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Truncate(max(0, n-keep)); err != nil {
		t.Fatal(err)
	}
	f.Close()
}
