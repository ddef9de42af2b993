package reader

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"time"
)

// errNoOpener: no program on this computer opened the file.
var errNoOpener = errors.New("no program opened the file")

// openerWait is how long xdg-open may take to say it found no program;
// one still running then has handed the file to a program.
const openerWait = 3 * time.Second

// systemOpener opens a file with the desktop's program for its type. On
// Linux and the BSDs xdg-open says "no program for this type" only by its
// exit status, after the toolkit's OpenURL has returned, so Wren runs it
// and waits a little for that answer. It blocks: call it off the UI
// goroutine.
func systemOpener(openURL func(*url.URL) error) func(path string) error {
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		if os.Getenv("FLATPAK_ID") == "" {
			return func(path string) error { return xdgOpen(path, openerWait) }
		}
	}
	return func(path string) error {
		if err := openURL(&url.URL{Scheme: "file", Path: path}); err != nil {
			return fmt.Errorf("%w: %w", errNoOpener, err)
		}
		return nil
	}
}

// xdgOpen runs xdg-open on path: an error when it is missing or exits
// with a failure within wait.
func xdgOpen(path string, wait time.Duration) error {
	cmd := exec.Command("xdg-open", path)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("%w: %w", errNoOpener, err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%w: xdg-open: %w", errNoOpener, err)
		}
		return nil
	case <-t.C:
		return nil // still running: a program has the file
	}
}
