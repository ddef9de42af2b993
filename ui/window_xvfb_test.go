package ui_test

import (
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
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
	cmd := exec.Command(bin)
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
	for {
		if w, err := d.Find("Wren"); err == nil {
			img, err := d.Capture(w)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); xshot.Colors(img) > 4 {
				if b.Dx() < 900 || b.Dy() < 600 {
					t.Fatalf("window is %dx%d, want at least 900x600", b.Dx(), b.Dy())
				}
				if dir := os.Getenv("WREN_SCREENSHOTS"); dir != "" {
					f, err := os.Create(filepath.Join(dir, "window.png"))
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
			t.Fatal("no painted window titled Wren within 60 s")
		}
		time.Sleep(200 * time.Millisecond)
	}
}
