package owner

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain lets the test binary play the other process: it holds a token
// in the folder it is given, prints it and waits to be killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("OWNER_TEST_HOLD"); dir != "" {
		tok, err := Hold(dir)
		if err != nil {
			os.Stdout.WriteString("error " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString(tok + "\n")
		select {}
	}
	os.Exit(m.Run())
}

// holder starts another process holding a token in dir.
func holder(t *testing.T, dir string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OWNER_TEST_HOLD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.HasPrefix(line, "error") {
		t.Fatalf("the other process did not hold a token: %q %v", line, err)
	}
	return cmd, strings.TrimSpace(line)
}

func TestAliveUntilKilled(t *testing.T) {
	dir := t.TempDir()
	cmd, tok := holder(t, dir)
	if !Alive(dir, tok) {
		t.Fatal("a running process's token is not alive")
	}
	// Asking again must not take or drop the other's lock.
	if !Alive(dir, tok) {
		t.Fatal("the second look found the running process dead")
	}
	cmd.Process.Kill() // SIGKILL: no clean-up of its own
	cmd.Wait()
	if Alive(dir, tok) {
		t.Fatal("a killed process's token is still alive")
	}
	if _, err := os.Stat(filepath.Join(dir, tok+suffix)); !os.IsNotExist(err) {
		t.Fatalf("the dead process's lock file stays: %v", err)
	}
}

func TestHoldIsOncePerFolderAndAlive(t *testing.T) {
	dir := t.TempDir()
	a, err := Hold(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Hold(dir + "/")
	if err != nil || a != b {
		t.Fatalf("second Hold = %q, %v; want the same token %q", b, err, a)
	}
	if !Alive(dir, a) {
		t.Fatal("this process's own token is not alive")
	}
	for _, tok := range []string{"", "../x", "123-nothere"} {
		if Alive(dir, tok) {
			t.Errorf("Alive(%q) = true; want false", tok)
		}
	}
}

func TestHoldSweepsEndedProcesses(t *testing.T) {
	dir := t.TempDir()
	cmd, dead := holder(t, dir)
	_, live := holder(t, dir)
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := Hold(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, dead+suffix)); !os.IsNotExist(err) {
		t.Errorf("the ended process's lock file was not swept: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, live+suffix)); err != nil {
		t.Errorf("a running process's lock file was swept: %v", err)
	}
	if !Alive(dir, live) {
		t.Error("the running process is no longer alive after the sweep")
	}
}
