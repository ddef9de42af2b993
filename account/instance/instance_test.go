package instance

import (
	"bufio"
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var quiet = slog.New(slog.DiscardHandler)

// TestMain lets the test binary be another window process: it takes the
// instance of OWNER_PROFILE, says "ready" and waits to be killed.
func TestMain(m *testing.M) {
	if prof := os.Getenv("INSTANCE_TEST_PROFILE"); prof != "" {
		p, err := PathsFor(prof, os.Getenv)
		if err != nil {
			os.Exit(2)
		}
		s, err := Start(context.Background(), p, Request{}, quiet)
		if err != nil || s == nil {
			os.Stdout.WriteString("not first\n")
			os.Exit(3)
		}
		s.Serve(func(Request) {})
		os.Stdout.WriteString("ready\n")
		select {}
	}
	os.Exit(m.Run())
}

func paths(t *testing.T) Paths {
	t.Helper()
	run := t.TempDir()
	p, err := PathsFor(filepath.Join(t.TempDir(), "profile"), func(k string) string {
		if k == "XDG_RUNTIME_DIR" {
			return run
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// recorder collects the requests a server is handed.
type recorder struct {
	mu  sync.Mutex
	got []Request
}

func (r *recorder) handle(req Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, req)
}

func (r *recorder) requests() []Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Request(nil), r.got...)
}

func TestSecondLaunchHandsOver(t *testing.T) {
	p := paths(t)
	first, err := Start(t.Context(), p, Request{}, quiet)
	if err != nil || first == nil {
		t.Fatalf("first launch: %v, %v", first, err)
	}
	defer first.Close()
	var rec recorder
	first.Serve(rec.handle)

	for _, req := range []Request{{Mailto: "mailto:anna@example.org?subject=Hi"}, {}} {
		s, err := Start(t.Context(), p, req, quiet)
		if err != nil || s != nil {
			t.Fatalf("later launch for %+v: server %v, %v; want a hand-over", req, s, err)
		}
	}
	got := rec.requests()
	if len(got) != 2 || got[0].Mailto != "mailto:anna@example.org?subject=Hi" || got[1].Mailto != "" {
		t.Fatalf("the window was handed %+v", got)
	}

	// Closed (Wren quits): the next launch is the window.
	first.Close()
	next, err := Start(t.Context(), p, Request{}, quiet)
	if err != nil || next == nil {
		t.Fatalf("launch after quitting: %v, %v", next, err)
	}
	next.Close()
}

// A socket left by a crashed window is replaced; a launch meanwhile does
// not hang on it.
func TestStaleSocketReplaced(t *testing.T) {
	p := paths(t)
	l, err := net.Listen("unix", p.Socket)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close() // the file stays, as after kill -9
	if _, err := os.Stat(p.Socket); err != nil {
		t.Fatal(err)
	}
	s, err := Start(t.Context(), p, Request{}, quiet)
	if err != nil || s == nil {
		t.Fatalf("launch over a stale socket: %v, %v", s, err)
	}
	defer s.Close()
	var rec recorder
	s.Serve(rec.handle)
	if later, err := Start(t.Context(), p, Request{Mailto: "mailto:x@example.org"}, quiet); err != nil || later != nil {
		t.Fatalf("the replaced socket does not take a hand-over: %v, %v", later, err)
	}
	if got := rec.requests(); len(got) != 1 {
		t.Fatalf("handed %+v", got)
	}
}

// The window process killed with SIGKILL: the next launch becomes the
// window at once.
func TestKilledWindowReplaced(t *testing.T) {
	run := t.TempDir()
	prof := filepath.Join(t.TempDir(), "profile")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "INSTANCE_TEST_PROFILE="+prof, "XDG_RUNTIME_DIR="+run)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "ready\n" {
		t.Fatalf("the other window: %q", line)
	}
	p, err := PathsFor(prof, func(k string) string {
		if k == "XDG_RUNTIME_DIR" {
			return run
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := Start(t.Context(), p, Request{}, quiet); err != nil || s != nil {
		t.Fatalf("launch beside the running window: %v, %v; want a hand-over", s, err)
	}
	cmd.Process.Kill()
	cmd.Wait()
	s, err := Start(t.Context(), p, Request{}, quiet)
	if err != nil || s == nil {
		t.Fatalf("launch after kill -9: %v, %v", s, err)
	}
	s.Close()
}

// Launches racing each other: exactly one becomes the window, and every
// other one is handed over to it.
func TestRacingLaunchesOneWindow(t *testing.T) {
	p := paths(t)
	var rec recorder
	var mu sync.Mutex
	var servers []*Server
	var wg sync.WaitGroup
	for range 6 {
		wg.Go(func() {
			s, err := Start(t.Context(), p, Request{}, quiet)
			if err != nil {
				t.Error(err)
				return
			}
			if s != nil {
				s.Serve(rec.handle)
				mu.Lock()
				servers = append(servers, s)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(servers) != 1 {
		t.Fatalf("%d launches became the window; want 1", len(servers))
	}
	servers[0].Close()
	if got := rec.requests(); len(got) != 5 {
		t.Fatalf("the window was handed %d launches; want 5", len(got))
	}
}

// A holder that never answers: the launch gives up with a clear error
// naming it, instead of opening a second window.
func TestNoAnswer(t *testing.T) {
	p := paths(t)
	s, err := Start(t.Context(), p, Request{}, quiet)
	if err != nil || s == nil {
		t.Fatal(err)
	}
	defer s.Close() // never serves: accepted connections get no "ok"
	ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
	defer cancel()
	later, err := Start(ctx, p, Request{}, quiet)
	if later != nil || !errors.Is(err, ErrNoAnswer) || !strings.Contains(err.Error(), "process ") {
		t.Fatalf("Start beside a silent window = %v, %v; want ErrNoAnswer naming the process", later, err)
	}
}

// A request that is too long or no mailto: is not handed to the window.
func TestBadRequestsRefused(t *testing.T) {
	p := paths(t)
	s, err := Start(t.Context(), p, Request{}, quiet)
	if err != nil || s == nil {
		t.Fatal(err)
	}
	defer s.Close()
	var rec recorder
	s.Serve(rec.handle)
	for _, body := range []string{
		strings.Repeat("x", maxRequest+10) + "\n",
		`{"mailto":"file:///etc/passwd"}` + "\n",
		"not json\n",
	} {
		conn, err := net.Dial("unix", p.Socket)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(10 * time.Second))
		conn.Write([]byte(body))
		reply, _ := bufio.NewReader(conn).ReadString('\n')
		conn.Close()
		if reply == "ok\n" {
			t.Errorf("%.40q was taken", body)
		}
	}
	if got := rec.requests(); len(got) != 0 {
		t.Fatalf("the window was handed %+v", got)
	}
}

// The runtime folder must be the user's alone; otherwise a private one is
// made under the temporary folder.
func TestRuntimeDirPrivate(t *testing.T) {
	open := t.TempDir()
	if err := os.Chmod(open, 0o755); err != nil {
		t.Fatal(err)
	}
	p, err := PathsFor("/some/profile", func(k string) string {
		if k == "XDG_RUNTIME_DIR" {
			return open
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(p.Socket, open) {
		t.Fatalf("socket %s in a folder others may enter", p.Socket)
	}
	if err := private(filepath.Dir(p.Socket)); err != nil {
		t.Fatal(err)
	}
	a, _ := PathsFor("/some/profile", os.Getenv)
	b, _ := PathsFor("/some/other", os.Getenv)
	if a == b || len(a.Socket) > 100 {
		t.Fatalf("profiles share %v, or the socket path is too long", a)
	}
}
