package ui_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// hexLuminance is WCAG relative luminance of #rrggbb.
func hexLuminance(t *testing.T, hex string) float64 {
	t.Helper()
	var r, g, b int
	if _, err := fmt.Sscanf(hex, "#%02x%02x%02x", &r, &g, &b); err != nil {
		t.Fatalf("colour %q: %v", hex, err)
	}
	lin := func(v int) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func hexContrast(t *testing.T, a, b string) float64 {
	la, lb := hexLuminance(t, a), hexLuminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// checkHeader fails unless every header value starts at the same x and
// the demo's address is always its one person.
func checkHeader(t *testing.T, at string, p probeJSON) {
	t.Helper()
	h := p.Reader.Header
	if len(h) < 4 {
		t.Fatalf("%s: header %+v", at, h)
	}
	for _, f := range h[1:] {
		if math.Abs(float64(f.X-h[0].X)) > 0.5 {
			t.Errorf("%s: %s starts at x=%.1f, %s at x=%.1f", at, f.Name, f.X, h[0].Name, h[0].X)
		}
	}
	for _, f := range h {
		if strings.Contains(f.Text, "demo@wren.example") && !strings.Contains(f.Text, "Robin Demo <demo@wren.example>") {
			t.Errorf("%s: %s names the demo %q", at, f.Name, f.Text)
		}
	}
}

// The demo in the real window: the header's values line up in one
// column at 1100 and 800 px, the demo is one person ("Robin Demo"), and
// in the dark theme chosen by keys the links and the text are readable
// (WCAG AA) against the background the window paints.
func TestRealWindowPolish(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	w := startWindow(t, "^Wren.*Demo", "--demo")
	p := w.until("the demo listed", func(p probeJSON) bool { return p.Rows > 0 })
	w.click(rectBelow(p.List, 24))
	p = w.until("a message rendered", func(p probeJSON) bool { return p.Reader.Ready && p.Reader.ID == p.SelectedID && p.SelectedID != 0 })
	checkHeader(t, "1100 px", p)
	named := false
	for _, f := range p.Reader.Header {
		named = named || strings.Contains(f.Text, "Robin Demo")
	}
	if !named {
		t.Errorf("the first message does not name the demo's person: %+v", p.Reader.Header)
	}
	for _, s := range p.Shown.Texts {
		if strings.Contains(s, "Demo User") {
			t.Errorf("the window says %q", s)
		}
	}
	w.resize(800, 600)
	checkHeader(t, "800 px", w.read())

	// View → Theme → Dark by keys.
	w.key("alt")
	w.key("Right", "Right", "Right", "Down")
	w.key("Down", "Down", "Down", "Down", "Down", "Right", "Down", "Down", "Return")
	p = w.until("the dark theme", func(p probeJSON) bool { return p.Look.Theme == "dark" })
	if !darkHex(t, p.Look.Background) {
		t.Fatalf("dark theme on background %s", p.Look.Background)
	}
	if c := hexContrast(t, p.Look.Link, p.Look.Background); c < 4.5 {
		t.Errorf("links %s on %s: %.2f:1, want 4.5:1", p.Look.Link, p.Look.Background, c)
	}
	if c := hexContrast(t, p.Look.Foreground, p.Look.Background); c < 4.5 {
		t.Errorf("text %s on %s: %.2f:1, want 4.5:1", p.Look.Foreground, p.Look.Background, c)
	}
}
