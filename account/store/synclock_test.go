package store

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// holdSyncLock is the other process: it takes account "a"'s sync lock in
// the store at db, says so, and holds it until its input closes.
func holdSyncLock(db string) {
	s, err := Open(context.Background(), db)
	if err != nil {
		os.Stdout.WriteString("error\n")
		os.Exit(1)
	}
	release, err := s.LockSync(context.Background(), "a")
	if err != nil {
		os.Stdout.WriteString("error\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("locked\n")
	io.Copy(io.Discard, os.Stdin)
	release()
	s.Close()
}

func TestLockSyncAcrossProcesses(t *testing.T) {
	db := filepath.Join(t.TempDir(), "wren.db")
	s, err := Open(ctxT(t), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STORE_TEST_SYNC_HOLDER="+db)
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		t.Fatalf("the other process: %q", line)
	}

	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	if _, err := s.LockSync(ctx, "a"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("LockSync while another process syncs the account = %v; want to wait", err)
	}
	other, err := s.LockSync(t.Context(), "b")
	if err != nil {
		t.Fatalf("another account waits too: %v", err)
	}
	other()

	in.Close() // the other process's sync ends
	release, err := s.LockSync(t.Context(), "a")
	if err != nil {
		t.Fatalf("LockSync after the other process's sync: %v", err)
	}
	release()
}

// Two handles in one process take turns too (file locks alone would not
// keep them apart, or would keep them waiting for each other forever).
func TestLockSyncInProcess(t *testing.T) {
	db := filepath.Join(t.TempDir(), "wren.db")
	var inside, most atomic.Int32
	done := make(chan error)
	for range 4 {
		go func() {
			s, err := Open(ctxT(t), db)
			if err != nil {
				done <- err
				return
			}
			defer s.Close()
			for range 5 {
				release, err := s.LockSync(t.Context(), "a")
				if err != nil {
					done <- err
					return
				}
				n := inside.Add(1)
				if n > most.Load() {
					most.Store(n)
				}
				time.Sleep(2 * time.Millisecond)
				inside.Add(-1)
				release()
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if most.Load() != 1 {
		t.Fatalf("%d syncs of one account ran at once", most.Load())
	}
}
