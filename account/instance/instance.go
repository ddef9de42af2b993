// Package instance keeps one Wren window per profile. The first window
// process holds the profile's instance lock and listens on a Unix socket
// private to the user; a later launch with the same profile hands what it
// was started for (show the window, write to a mailto: address) to that
// process and exits. The lock is the operating system's (dropped when its
// process dies, even by kill -9), so a socket left by a crash is replaced
// by the next launch, and of two launches racing only one gets it.
package instance

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"wren/account/internal/flock"
)

// Request is what a later launch asks of the running window.
type Request struct {
	// Mailto is the mailto: URL to write to; "" only shows the window.
	Mailto string `json:"mailto,omitempty"`
}

// ErrNoAnswer: another process holds the profile but does not take the
// hand-over (it hangs, or is still starting after the wait).
var ErrNoAnswer = errors.New("another Wren is running with this profile but does not answer")

const (
	// maxRequest bounds what the running window reads from a launch.
	maxRequest = 64 << 10
	// connWait bounds one exchange; handWait the whole hand-over, which
	// includes the running window's start-up when both launch at once.
	connWait = 30 * time.Second
	handWait = 45 * time.Second
)

// Server is the running window's end: it owns the profile's lock.
type Server struct {
	l       net.Listener
	release func() error
	sock    string
	log     *slog.Logger
	once    sync.Once
}

// Paths are the lock and socket of a profile.
type Paths struct{ Lock, Socket string }

// PathsFor places profile's lock and socket in the user's runtime folder
// (XDG_RUNTIME_DIR, else a private folder under the temporary one), named
// by a hash of the profile's folder: socket paths are short (108 bytes)
// and profile paths need not be.
func PathsFor(profile string, getenv func(string) string) (Paths, error) {
	abs, err := filepath.Abs(profile)
	if err != nil {
		return Paths{}, err
	}
	dir, err := runtimeDir(getenv)
	if err != nil {
		return Paths{}, err
	}
	sum := sha256.Sum256([]byte(abs))
	base := filepath.Join(dir, "wren-"+hex.EncodeToString(sum[:8]))
	return Paths{Lock: base + ".lock", Socket: base + ".sock"}, nil
}

// runtimeDir is a folder only this user can enter.
func runtimeDir(getenv func(string) string) (string, error) {
	if d := getenv("XDG_RUNTIME_DIR"); d != "" && filepath.IsAbs(d) {
		if err := private(d); err == nil {
			return d, nil
		}
	}
	d := filepath.Join(os.TempDir(), "wren-"+strconv.Itoa(os.Getuid()))
	if err := os.Mkdir(d, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return "", fmt.Errorf("instance: %w", err)
	}
	if err := private(d); err != nil {
		return "", err
	}
	return d, nil
}

// Start makes this process the profile's window, or hands req to the one
// that is. It returns a Server when this process is the first (call Serve
// once the window exists), or nil once the running window has taken req.
func Start(ctx context.Context, p Paths, req Request, log *slog.Logger) (*Server, error) {
	ctx, cancel := context.WithTimeout(ctx, handWait)
	defer cancel()
	for {
		s, err := listen(p, log)
		if s != nil || err != nil {
			return s, err
		}
		// Another holds the lock: hand over. It may be starting (not
		// listening yet) or have just died (its lock free next round).
		err = handOver(ctx, p.Socket, req)
		if err == nil {
			return nil, nil
		}
		log.Debug("the running window did not take the hand-over yet", "err", err)
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("%w (%s)", ErrNoAnswer, holder(p.Lock))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// listen takes the lock and the socket; (nil, nil) when another holds the
// lock.
func listen(p Paths, log *slog.Logger) (*Server, error) {
	release, ok, err := flock.Try(p.Lock)
	if err != nil {
		return nil, fmt.Errorf("instance: %w", err)
	}
	if !ok {
		return nil, nil
	}
	// Whatever socket is there was left by a process that has ended.
	if err := os.Remove(p.Socket); err != nil && !errors.Is(err, os.ErrNotExist) {
		release()
		return nil, fmt.Errorf("instance: replacing the stale socket: %w", err)
	}
	l, err := net.Listen("unix", p.Socket)
	if err != nil {
		release()
		return nil, fmt.Errorf("instance: %w", err)
	}
	// The process ID in the lock file names the holder in ErrNoAnswer.
	os.WriteFile(p.Lock, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600)
	return &Server{l: l, release: release, sock: p.Socket, log: log}, nil
}

// holder names the process in the lock file, for the error.
func holder(lock string) string {
	b, _ := os.ReadFile(lock)
	if pid := strings.TrimSpace(string(b)); pid != "" {
		return "process " + pid
	}
	return "lock " + lock
}

// handOver sends req to the socket and waits for the window's "ok".
func handOver(ctx context.Context, sock string, req Request) error {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "unix", sock)
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline := time.Now().Add(connWait)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	conn.SetDeadline(deadline)
	b, _ := json.Marshal(req)
	if _, err := conn.Write(append(b, '\n')); err != nil {
		return err
	}
	line, err := bufio.NewReader(io.LimitReader(conn, 64)).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "ok" {
		return fmt.Errorf("the running window answered %q", line)
	}
	return nil
}

// Serve hands each request to handle until Close; it returns at once.
// handle runs on a connection's goroutine: a window hands it to the UI
// goroutine itself.
func (s *Server) Serve(handle func(Request)) {
	go func() {
		for {
			conn, err := s.l.Accept()
			if err != nil {
				return // closed
			}
			go s.serve(conn, handle)
		}
	}()
}

func (s *Server) serve(conn net.Conn, handle func(Request)) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(connWait))
	line, err := bufio.NewReader(io.LimitReader(conn, maxRequest)).ReadBytes('\n')
	var req Request
	if err == nil {
		err = json.Unmarshal(line, &req)
	}
	if err != nil {
		s.log.Warn("a later launch sent a request that could not be read", "err", err)
		return
	}
	if req.Mailto != "" && !strings.HasPrefix(strings.ToLower(req.Mailto), "mailto:") {
		s.log.Warn("a later launch sent something other than a mailto: URL; ignored")
		return
	}
	handle(req)
	conn.Write([]byte("ok\n"))
}

// Close stops listening and lets the next launch be the window.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		err = s.l.Close() // removes the socket file
		os.Remove(s.sock)
		if rerr := s.release(); err == nil {
			err = rerr
		}
	})
	return err
}
