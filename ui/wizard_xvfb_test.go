package ui_test

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"wren/transport/testcert"
	"wren/transport/testdns"
	"wren/transport/testmail"
	"wren/ui/internal/xshot"
)

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The setup wizard in the real window, typed into with real keys (xdotool
// under a window manager): an address whose incoming server answers
// without encryption is explained as that (TLS-10, naming the host), the
// same first explanation `wren doctor` gives, never "settings not found"
// (issue #12).
func TestRealWindowWizardNamesTheRealCause(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("WREN_REAL_DISPLAY") == "1" {
			t.Fatal("WREN_REAL_DISPLAY is set but DISPLAY is empty")
		}
		t.Log("no DISPLAY: the real-window test did not run. Run it with: .ci/with-display go test -run RealWindow ./ui")
		return
	}
	xdo, err := exec.LookPath("xdotool")
	if err != nil {
		t.Fatal("xdotool is not installed: run .ci/install-deps all")
	}
	bin := filepath.Join(t.TempDir(), "wren")
	if out, err := exec.Command("go", "build", "-o", bin, "wren").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}

	pair := testcert.NewFor(t, "smtp.example.test")
	imap := testmail.Start(t, testmail.Config{}) // plaintext, no STARTTLS
	smtp := testmail.Start(t, testmail.Config{SMTP: true, TLS: pair.Server})
	dns := testdns.New(t,
		"_imap._tcp.example.test. 60 IN SRV 0 1 "+strconv.Itoa(imap.Port)+" imap.example.test.",
		"_submissions._tcp.example.test. 60 IN SRV 0 1 "+strconv.Itoa(smtp.Port)+" smtp.example.test.",
		"imap.example.test. 60 IN A 127.0.0.1",
		"smtp.example.test. 60 IN A 127.0.0.1",
	)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pair.CAPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin)
	var logs lockedBuffer
	cmd.Stderr = &logs
	cmd.Env = append(os.Environ(), "WREN_PROFILE="+t.TempDir(), "WREN_DNS="+dns.Addr, "SSL_CERT_FILE="+caFile)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	d, err := xshot.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	const title = "Add a mail account"
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := d.Find(title); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no window titled %q within 60 s\n%s", title, logs.String())
		}
		time.Sleep(300 * time.Millisecond)
	}
	time.Sleep(time.Second) // painted and ready for input
	xdotool := func(args ...string) {
		t.Helper()
		if out, err := exec.Command(xdo, args...).CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v %s", args, err, out)
		}
	}
	out, err := exec.Command(xdo, "search", "--sync", "--name", title).Output()
	if err != nil {
		t.Fatalf("xdotool search: %v", err)
	}
	win := strings.Fields(string(out))[0]
	xdotool("windowactivate", "--sync", win)
	// Name, address, password, then Enter: as a person types them.
	xdotool("key", "--window", win, "Tab")
	xdotool("type", "--delay", "20", "Alice Example")
	xdotool("key", "Tab")
	xdotool("type", "--delay", "20", "alice@example.test")
	xdotool("key", "Tab")
	xdotool("type", "--delay", "20", "correct-horse")
	xdotool("key", "Return")

	want := "first=TLS-10 server=imap.example.test:" + strconv.Itoa(imap.Port)
	for deadline = time.Now().Add(60 * time.Second); !strings.Contains(logs.String(), want); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the wizard did not lead with %q\n%s", want, logs.String())
		}
	}
	if strings.Contains(logs.String(), "first=ACCT-01") {
		t.Errorf("the wizard led with ACCT-01:\n%s", logs.String())
	}
	for _, cmd := range imap.Commands() {
		if u := strings.ToUpper(cmd); strings.Contains(u, "LOGIN") || strings.Contains(u, "AUTHENTICATE") {
			t.Errorf("the server without encryption got %q", cmd)
		}
	}
	time.Sleep(time.Second) // the explanation painted
	w, err := d.Find(title)
	if err != nil {
		w, err = d.Find("Wren*")
	}
	if err == nil {
		img, err := d.Capture(w)
		if err != nil {
			t.Fatal(err)
		}
		if dir := os.Getenv("WREN_SCREENSHOTS"); dir != "" {
			f, err := os.Create(filepath.Join(dir, "wizard-explained.png"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if err := png.Encode(f, img); err != nil {
				t.Fatal(err)
			}
		}
	}
}
