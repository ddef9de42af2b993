package mailview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tipDelay is how long the pointer rests on a button before its tip shows.
const tipDelay = 500 * time.Millisecond

// afterTip runs f on the UI goroutine once the pointer has rested for
// tipDelay (tests run it at once).
var afterTip = func(f func()) { time.AfterFunc(tipDelay, func() { fyne.Do(f) }) }

// tipLayer draws tooltips above the window's content. It is a layer of
// the content, not an overlay: Fyne sends pointer events only to the top
// overlay, so a tip there would swallow the next click. Its shapes take
// no events, so the buttons beneath stay hoverable and clickable.
type tipLayer struct {
	box  *fyne.Container // no layout: the tip is placed by hand
	bg   *canvas.Rectangle
	text *canvas.Text
}

func newTipLayer() *tipLayer {
	l := &tipLayer{bg: canvas.NewRectangle(nil), text: canvas.NewText("", nil)}
	l.bg.CornerRadius = theme.InputRadiusSize()
	l.box = container.NewWithoutLayout(l.bg, l.text)
	l.hide()
	return l
}

// show places text just under anchor, kept inside the window.
func (l *tipLayer) show(text string, anchor fyne.CanvasObject) {
	if text == "" {
		return
	}
	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(anchor).Subtract(d.AbsolutePositionForObject(l.box))
	size := theme.CaptionTextSize()
	l.text.Text, l.text.TextSize = text, size
	l.text.Color = theme.Color(theme.ColorNameForeground)
	l.bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	l.bg.StrokeColor, l.bg.StrokeWidth = theme.Color(theme.ColorNameSeparator), 1
	pad := theme.Padding()
	ts := fyne.MeasureText(text, size, fyne.TextStyle{})
	box := fyne.NewSize(ts.Width+3*pad, ts.Height+2*pad)
	at := fyne.NewPos(pos.X, pos.Y+anchor.Size().Height+pad/2)
	if lim := l.box.Size(); lim.Width > 0 {
		at.X = max(0, min(at.X, lim.Width-box.Width))
		if at.Y+box.Height > lim.Height { // no room below: above the anchor
			at.Y = max(0, pos.Y-box.Height-pad/2)
		}
	}
	l.bg.Move(at)
	l.bg.Resize(box)
	l.text.Move(at.Add(fyne.NewPos(1.5*pad, pad)))
	l.text.Resize(ts)
	l.bg.Show()
	l.text.Show()
	l.box.Refresh()
}

func (l *tipLayer) hide() {
	l.bg.Hide()
	l.text.Hide()
}

// shown is the tip's text while it is on screen ("" when hidden).
func (l *tipLayer) shown() string {
	if !l.text.Visible() {
		return ""
	}
	return l.text.Text
}

// toolButton is an icon button that names itself in a tip when the
// pointer rests on it (Fyne has no tooltips of its own).
type toolButton struct {
	widget.Button
	label string // what it does ("Archive")
	tip   string // shown on hover: the label and its key
	tips  *tipLayer
	gen   int // bumped on every enter, leave and tap: a late timer is void
}

func newToolButton(icon fyne.Resource, label string, tips *tipLayer, tapped func()) *toolButton {
	b := &toolButton{label: label, tip: label, tips: tips}
	b.Icon, b.OnTapped = icon, tapped
	b.Importance = widget.LowImportance
	b.ExtendBaseWidget(b)
	return b
}

func (b *toolButton) MouseIn(e *desktop.MouseEvent) {
	b.Button.MouseIn(e)
	b.gen++
	gen := b.gen
	afterTip(func() {
		if b.gen == gen && b.Visible() {
			b.tips.show(b.tip, b)
		}
	})
}

func (b *toolButton) MouseOut() {
	b.Button.MouseOut()
	b.gen++
	b.tips.hide()
}

func (b *toolButton) Tapped(e *fyne.PointEvent) {
	b.gen++
	b.tips.hide()
	b.Button.Tapped(e)
}
