package reader

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// maxImageWidth bounds how wide a picture is drawn in the pane.
const maxImageWidth = 600

// scrollImageWidth is the width above which a picture scrolls sideways
// inside itself, so that it never makes the pane wider than the window.
const scrollImageWidth = 160

// imageSegment is a picture in the body: an inline cid: image from the
// message's own parts, or a remote one the user let load. Until it has a
// picture it shows its alternative text.
type imageSegment struct {
	alt, src, cid string
	img           image.Image
}

func (s *imageSegment) Inline() bool { return false }

func (s *imageSegment) Textual() string {
	if s.alt != "" {
		return "[" + s.alt + "]"
	}
	return "[image]"
}

func (s *imageSegment) Visual() fyne.CanvasObject {
	if s.img == nil {
		l := widget.NewLabelWithStyle(s.Textual(), fyne.TextAlignLeading, fyne.TextStyle{Italic: true})
		l.Wrapping = fyne.TextWrapWord
		return l
	}
	c := canvas.NewImageFromImage(s.img)
	c.FillMode = canvas.ImageFillContain
	b := s.img.Bounds()
	w, h := float32(b.Dx()), float32(b.Dy())
	if w > maxImageWidth {
		h, w = h*maxImageWidth/w, maxImageWidth
	}
	c.SetMinSize(fyne.NewSize(w, h))
	if w > scrollImageWidth {
		return container.NewHScroll(c)
	}
	return c
}

// Update is not used to switch a label into a picture: a segment whose
// picture arrives is replaced by a new one, so the visual is rebuilt.
func (s *imageSegment) Update(o fyne.CanvasObject) {
	if sc, ok := o.(*container.Scroll); ok {
		o = sc.Content
	}
	if c, ok := o.(*canvas.Image); ok && s.img != nil {
		c.Image = s.img
		c.Refresh()
	}
}

func (s *imageSegment) Select(_, _ fyne.Position) {}
func (s *imageSegment) SelectedText() string      { return "" }
func (s *imageSegment) Unselect()                 {}

// Pictures counts the pictures the body draws now (inline or remote),
// leaving out those that show only their alternative text.
func (r *Reader) Pictures() int {
	n := 0
	for _, s := range r.Body.Segments {
		if s, ok := s.(*imageSegment); ok && s.img != nil {
			n++
		}
	}
	return n
}
