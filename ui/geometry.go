package ui

import (
	"fyne.io/fyne/v2"

	"wren/ui/mailview"
)

// Preference keys of the remembered window layout.
const (
	prefWidth      = "window.width"
	prefHeight     = "window.height"
	prefSplitLeft  = "window.split.left"
	prefSplitRight = "window.split.right"
)

// defaultSize is the first start's window size.
var defaultSize = fyne.NewSize(1100, 700)

// splitter is the view's two pane dividers.
type splitter interface {
	Splits() (left, right float64)
	SetSplits(left, right float64)
}

// restoreGeometry sizes the window and places the dividers as they were
// when Wren last closed; sizes too small to use fall back to the default.
func restoreGeometry(p mailview.Prefs, w fyne.Window, s splitter) {
	size := fyne.NewSize(float32(p.FloatWithFallback(prefWidth, float64(defaultSize.Width))),
		float32(p.FloatWithFallback(prefHeight, float64(defaultSize.Height))))
	if size.Width < 400 || size.Height < 300 {
		size = defaultSize
	}
	w.Resize(size)
	l, r := s.Splits()
	s.SetSplits(p.FloatWithFallback(prefSplitLeft, l), p.FloatWithFallback(prefSplitRight, r))
}

// saveGeometry remembers the window's size and the dividers.
func saveGeometry(p mailview.Prefs, w fyne.Window, s splitter) {
	if size := w.Canvas().Size(); size.Width > 0 && size.Height > 0 {
		p.SetFloat(prefWidth, float64(size.Width))
		p.SetFloat(prefHeight, float64(size.Height))
	}
	l, r := s.Splits()
	p.SetFloat(prefSplitLeft, l)
	p.SetFloat(prefSplitRight, r)
}
