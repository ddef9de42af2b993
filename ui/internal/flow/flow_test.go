package flow

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func box(w, h float32) *canvas.Rectangle {
	r := canvas.NewRectangle(nil)
	r.SetMinSize(fyne.NewSize(w, h))
	return r
}

// Wide enough, the objects share one line; narrower, they wrap and the
// minimum height grows to hold the lines; a hidden object takes no room;
// the minimum width is never more than the widest object.
func TestFlowWraps(t *testing.T) {
	test.NewTempApp(t)
	pad := theme.Padding()
	a, b, c := box(100, 30), box(120, 30), box(80, 20)
	f := New(a, b, c)
	if got := f.MinSize(); got != fyne.NewSize(120, 30) {
		t.Fatalf("min before any layout %v, want the widest by one line", got)
	}

	f.Resize(fyne.NewSize(400, 30))
	if a.Position().Y != 0 || b.Position() != fyne.NewPos(100+pad, 0) || c.Position() != fyne.NewPos(220+2*pad, 0) {
		t.Errorf("at 400 wide: %v %v %v, want one line", a.Position(), b.Position(), c.Position())
	}
	if got := f.MinSize(); got != fyne.NewSize(120, 30) {
		t.Errorf("min at 400 wide %v", got)
	}

	f.Resize(fyne.NewSize(230, 30))
	if b.Position() != fyne.NewPos(100+pad, 0) || c.Position() != fyne.NewPos(0, 30+pad) {
		t.Errorf("at 230 wide: b %v c %v, want c on a second line", b.Position(), c.Position())
	}
	if got := f.MinSize(); got != fyne.NewSize(120, 30+pad+20) {
		t.Errorf("min at 230 wide %v, want two lines", got)
	}

	f.Resize(fyne.NewSize(110, 100))
	if b.Position() != fyne.NewPos(0, 30+pad) || c.Position() != fyne.NewPos(0, 60+2*pad) || b.Size().Width != 110 {
		t.Errorf("at 110 wide: b %v %v c %v, want a line each, b cut to the width", b.Position(), b.Size(), c.Position())
	}

	b.Hide()
	f.Resize(fyne.NewSize(230, 100))
	if c.Position() != fyne.NewPos(100+pad, 0) {
		t.Errorf("with b hidden c is at %v, want beside a", c.Position())
	}
	if got := f.MinSize(); got != fyne.NewSize(100, 30) {
		t.Errorf("min with b hidden %v", got)
	}
}
