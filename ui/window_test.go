package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

func TestMainWindowShowsWelcome(t *testing.T) {
	a := test.NewTempApp(t)
	w := NewMainWindow(a)
	defer w.Close()
	if got := w.Title(); got != "Wren" {
		t.Fatalf("title = %q, want Wren", got)
	}
	var texts []string
	for _, o := range test.LaidOutObjects(w.Content()) {
		if l, ok := o.(*widget.Label); ok {
			texts = append(texts, l.Text)
		}
	}
	if len(texts) < 1 || texts[0] != "Welcome to Wren" {
		t.Fatalf("labels = %q, want the welcome title first", texts)
	}
}
