package setup

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// NewWindow opens on step 1 with the address field ready.
func TestNewWindowOpensOnStepOne(t *testing.T) {
	test.NewTempApp(t)
	eng := newEngine()
	w := NewWindow(fyne.CurrentApp(), Deps{Run: eng.run, Secrets: &memSecrets{}, Profile: &memProfile{}})
	defer w.Close()
	if w.Title() != "Add a mail account" {
		t.Fatalf("title %q", w.Title())
	}
	scroll, ok := w.Content().(*container.Scroll)
	if !ok {
		t.Fatalf("content is %T", w.Content())
	}
	found := false
	for _, l := range labels(scroll.Content) {
		if l == "Add a mail account" {
			found = true
		}
	}
	if !found {
		t.Fatal("step 1 is not shown")
	}
}
