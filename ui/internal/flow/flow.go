// Package flow lays objects out in lines like words in a paragraph: as
// many as fit side by side, the rest on the next line. A row of buttons
// in a narrow pane wraps instead of widening the pane.
package flow

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// New is a container that flows objs.
func New(objs ...fyne.CanvasObject) *fyne.Container {
	l := &Layout{}
	c := container.New(l, objs...)
	// The container lays itself out at its minimum width when made; one
	// line is a better guess until it is given its place.
	l.width = 0
	return c
}

// Layout flows objects left to right, wrapping at the width it is given.
// Its minimum width is the widest object; its minimum height is what the
// last width laid out needed (the canvas asks again after each layout, so
// a narrower pane grows taller on the next frame).
type Layout struct {
	width float32 // the width of the last layout; 0 before the first
}

// Layout places objs in lines within size.Width.
func (l *Layout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	pad := theme.Padding()
	x, y, line := float32(0), float32(0), float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		if x > 0 && x+m.Width > size.Width {
			x, y, line = 0, y+line+pad, 0
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(min(m.Width, size.Width), m.Height))
		x += m.Width + pad
		line = max(line, m.Height)
	}
}

// MinSize is the widest object by the height of the lines at the last
// width (one line before the first layout).
func (l *Layout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var widest, x, y, line float32
	lines := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		widest = max(widest, m.Width)
		if lines == 0 {
			lines = 1
		} else if l.width > 0 && x+m.Width > l.width {
			x, y, line = 0, y+line+pad, 0
			lines++
		}
		x += m.Width + pad
		line = max(line, m.Height)
	}
	if lines == 0 {
		return fyne.Size{}
	}
	return fyne.NewSize(widest, y+line)
}
