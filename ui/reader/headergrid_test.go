package reader

import (
	"testing"

	"fyne.io/fyne/v2"
)

// The header's values start in one column, with or without a Cc line.
func TestHeaderValuesLineUp(t *testing.T) {
	h := newHarness(t)
	for _, cc := range []string{"Cc: Bo <bo@example.org>\n", ""} {
		h.load(t, "From: Anna Berg <anna@example.org>\nTo: Robin Demo <demo@wren.example>\n"+cc+
			"Subject: A rather long subject for the budget review\nDate: Mon, 01 Dec 2025 09:00:00 +0000\n\nHello.\n", true)
		h.w.Resize(fyne.NewSize(900, 700))
		vals := h.r.HeaderValues()
		want := 4
		if cc != "" {
			want = 5
		}
		if len(vals) != want {
			t.Fatalf("cc %q: %d values shown, want %d", cc, len(vals), want)
		}
		d := fyne.CurrentApp().Driver()
		x := d.AbsolutePositionForObject(vals["From"]).X
		for name, l := range vals {
			if got := d.AbsolutePositionForObject(l).X; got != x {
				t.Errorf("cc %q: %s starts at %.1f, From at %.1f", cc, name, got, x)
			}
		}
	}
}
