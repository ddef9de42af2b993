package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"time"
)

// PeakRSS returns the process's peak resident set size in bytes (VmHWM).
func PeakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("peak RSS: %w", err)
	}
	defer f.Close()
	return parseHWM(io.LimitReader(f, 64<<10))
}

// parseHWM finds the VmHWM line of a /proc status file.
func parseHWM(r io.Reader) (int64, error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		rest, ok := bytes.CutPrefix(sc.Bytes(), []byte("VmHWM:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			return 0, fmt.Errorf("peak RSS: odd VmHWM line %q", sc.Text())
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("peak RSS: %w", err)
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("peak RSS: %w", err)
	}
	return 0, fmt.Errorf("peak RSS: no VmHWM line")
}

// ResetPeakRSS returns freed heap to the OS and restarts the VmHWM peak
// (Linux clear_refs "5"), so the next PeakRSS covers only what follows.
func ResetPeakRSS() error {
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return fmt.Errorf("resetting peak RSS: %w", err)
	}
	return nil
}

// RunPeak runs cmd (it starts it) and returns its peak resident set size
// in bytes: its VmHWM, read every 10 ms until it exits. The kernel's
// rusage of the child cannot serve: a child started from a large process
// (this benchmark, holding a corpus) is charged that process's size, since
// Linux keeps the high-water mark of the memory a process leaves at exec.
func RunPeak(cmd *exec.Cmd) (int64, error) {
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var peak int64
	for {
		if f, err := os.Open(status); err == nil {
			if p, err := parseHWM(io.LimitReader(f, 64<<10)); err == nil {
				peak = max(peak, p) // an exited (zombie) process has none
			}
			f.Close()
		}
		select {
		case err := <-done:
			return peak, err
		case <-tick.C:
		}
	}
}
