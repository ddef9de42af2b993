package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// firstScreen is the window's first screen on a fresh profile: when the
// account's session logged in, and when the list held the newest 50 rows,
// both from the window's start.
type firstScreen struct {
	login, rows time.Duration
}

// windowFirstScreen starts the real window on w's profile (its account
// added, nothing synced) under the display and times it: the window logs
// "connected, syncing" when its session has logged in; its probe (written
// on SIGUSR1, asked every 10 ms from then on) lists the rows the list
// holds.
func windowFirstScreen(ctx context.Context, b *testing.B, w wrenProcess) (firstScreen, error) {
	if os.Getenv("DISPLAY") == "" {
		b.Fatal("the window's first screen needs a display: run under .ci/with-display (make bench does)")
	}
	probe := filepath.Join(b.TempDir(), "probe.json")
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, w.bin, "--profile", w.dir)
	cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+w.ca, "WREN_UI_PROBE="+probe, "FYNE_SCALE=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return firstScreen{}, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return firstScreen{}, err
	}
	defer func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}()
	loggedIn := make(chan time.Duration, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "connected, syncing") {
				select {
				case loggedIn <- time.Since(start):
				default:
				}
			}
		}
	}()
	var fs firstScreen
	// Asked only once logged in: a SIGUSR1 before the program has set its
	// handler would end it.
	select {
	case fs.login = <-loggedIn:
	case <-ctx.Done():
		return fs, fmt.Errorf("the window never logged in: %w", ctx.Err())
	}
	for ctx.Err() == nil {
		cmd.Process.Signal(syscall.SIGUSR1)
		time.Sleep(10 * time.Millisecond)
		raw, err := os.ReadFile(probe)
		if err != nil {
			continue
		}
		var p struct{ Subjects []string }
		if json.Unmarshal(raw, &p) == nil && len(p.Subjects) >= 50 {
			fs.rows = time.Since(start)
			return fs, nil
		}
	}
	return fs, fmt.Errorf("the window never listed 50 rows: %w", ctx.Err())
}
