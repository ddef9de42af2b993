package ui_test

import (
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wren/ui/internal/xshot"
)

// The real program on a real X display (Xvfb under `make test`): the
// window opens with its title and paints its content. The capture is
// saved when WREN_SCREENSHOTS names a directory (for the README).
func TestRealWindow(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		if os.Getenv("WREN_REAL_DISPLAY") == "1" {
			t.Fatal("WREN_REAL_DISPLAY is set but DISPLAY is empty")
		}
		t.Log("no DISPLAY: the real-window test did not run. Run it with: .ci/with-display go test -run RealWindow ./ui")
		return
	}
	bin := filepath.Join(t.TempDir(), "wren")
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatal(err)
	}
	build := exec.Command(goBin, "build", "-o", bin, "wren")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		name, title string
		args        []string
		colors      int
	}{
		// A first start with no account opens the setup wizard.
		{"wizard", "Add a mail account", nil, 4},
		// The demo window lists real rows (text, icons, markers).
		// The demo window, once synced, lists rows with text, icons and
		// emoji: far more colours than while it says "Loading…" (~440).
		{"demo", "Wren*Demo*", []string{"--demo"}, 550},
		// An HTML newsletter in the reading pane, remote content blocked.
		{"reader", "Wren*Demo*", []string{"--demo-scene=reader"}, 550},
		// The composer on a reply with an attachment, in its own window.
		{"compose", "Write: Re: Budget review*", []string{"--demo-scene=compose"}, 4},
		// The explanation of a failed login over the main window.
		{"explain", "Wren*Demo*", []string{"--demo-scene=explain"}, 550},
	} {
		t.Run(tc.name, func(t *testing.T) { realWindow(t, bin, tc.title, tc.args, tc.colors) })
	}
}

func realWindow(t *testing.T, bin, title string, args []string, colors int) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "WREN_PROFILE="+t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	d, err := xshot.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	deadline := time.Now().Add(60 * time.Second)
	var last image.Image
	same := 0
	for {
		if w, err := d.Find(title); err == nil {
			img, err := d.Capture(w)
			if err != nil {
				t.Fatal(err)
			}
			// Done when painted and settled: the same picture three
			// times in a row, 1.5 s (the scenes open after the sync);
			// a blinking text cursor does not count as a change.
			if last != nil && nearlySame(last, img) {
				same++
			} else {
				same = 0
			}
			settled := same >= 2
			last = img
			if b := img.Bounds(); settled && xshot.Colors(img) > colors {
				if b.Dx() < 700 || b.Dy() < 500 {
					t.Fatalf("window is %dx%d, want at least 700x500", b.Dx(), b.Dy())
				}
				if dir := os.Getenv("WREN_SCREENSHOTS"); dir != "" {
					f, err := os.Create(filepath.Join(dir, t.Name()[strings.LastIndex(t.Name(), "/")+1:]+".png"))
					if err != nil {
						t.Fatal(err)
					}
					defer f.Close()
					if err := png.Encode(f, img); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no painted window titled %q within 60 s", title)
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// nearlySame reports two captures of the same size that differ in at most
// a text cursor's worth of pixels.
func nearlySame(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	const cursor = 200
	diff := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				if diff++; diff > cursor {
					return false
				}
			}
		}
	}
	return true
}
