package compose

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxSuggestions is how many addresses the list offers at once.
const maxSuggestions = 8

// suggestLayer shows an address field's suggestions under it. It is a
// layer of the window's content, not a pop-up: a Fyne pop-up takes the
// keyboard from the field (typing was lost and Up, Down, Return and
// Escape never reached it) and stays above the window's dialogs. Here the
// field keeps the focus and drives the list, and a dialog covers it.
type suggestLayer struct {
	box   *fyne.Container // no layout: the panel is placed by hand
	bg    *canvas.Rectangle
	rows  *fyne.Container
	owner *addressField // the field the list is for (nil: hidden)
	items []string
	sel   int
}

func newSuggestLayer() *suggestLayer {
	l := &suggestLayer{bg: canvas.NewRectangle(nil), rows: container.NewVBox()}
	l.box = container.NewWithoutLayout(l.bg, l.rows)
	l.hide()
	return l
}

// show lists items under f, the first highlighted (none: hidden).
func (l *suggestLayer) show(f *addressField, items []string) {
	if len(items) == 0 {
		l.hide()
		return
	}
	items = items[:min(len(items), maxSuggestions)]
	l.owner, l.items, l.sel = f, items, 0
	l.rows.RemoveAll()
	for i, it := range items {
		l.rows.Add(newSuggestRow(it, func() { f.accept(i) }))
	}
	l.paint()

	d := fyne.CurrentApp().Driver()
	pos := d.AbsolutePositionForObject(f).Subtract(d.AbsolutePositionForObject(l.box))
	size := fyne.NewSize(max(f.Size().Width, 300), l.rows.MinSize().Height)
	at := fyne.NewPos(pos.X, pos.Y+f.Size().Height)
	if lim := l.box.Size(); lim.Width > 0 {
		size.Width = min(size.Width, lim.Width)
		at.X = max(0, min(at.X, lim.Width-size.Width))
	}
	l.bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	l.bg.StrokeColor, l.bg.StrokeWidth = theme.Color(theme.ColorNameSeparator), 1
	l.bg.Move(at)
	l.bg.Resize(size)
	l.rows.Move(at)
	l.rows.Resize(size)
	l.bg.Show()
	l.rows.Show()
	l.box.Refresh()
}

func (l *suggestLayer) hide() {
	l.owner, l.items = nil, nil
	l.bg.Hide()
	l.rows.Hide()
}

// shownFor says whether the list is open for f.
func (l *suggestLayer) shownFor(f *addressField) bool { return l.owner == f && l.rows.Visible() }

// move highlights the row d below (d < 0: above) the highlighted one.
func (l *suggestLayer) move(d int) {
	l.sel = max(0, min(l.sel+d, len(l.items)-1))
	l.paint()
}

// paint marks the highlighted row.
func (l *suggestLayer) paint() {
	for i, o := range l.rows.Objects {
		o.(*suggestRow).setHighlight(i == l.sel)
	}
}

// suggestRow is one address of the list: a click takes it.
type suggestRow struct {
	widget.BaseWidget
	label *widget.Label
	bg    *canvas.Rectangle
	tap   func()
}

func newSuggestRow(text string, tap func()) *suggestRow {
	r := &suggestRow{label: widget.NewLabel(text), bg: canvas.NewRectangle(nil), tap: tap}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.ExtendBaseWidget(r)
	return r
}

func (r *suggestRow) setHighlight(on bool) {
	r.bg.FillColor = nil
	if on {
		r.bg.FillColor = theme.Color(theme.ColorNameSelection)
	}
	r.bg.Refresh()
}

func (r *suggestRow) Tapped(*fyne.PointEvent) { r.tap() }

// A row claims to be focusable only so that a click on it does not take
// the focus from the field (the window unfocuses on a click on anything
// else, which would close the list before the click lands). It never
// takes the focus itself.
func (r *suggestRow) FocusGained()            {}
func (r *suggestRow) FocusLost()              {}
func (r *suggestRow) TypedRune(rune)          {}
func (r *suggestRow) TypedKey(*fyne.KeyEvent) {}

func (r *suggestRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(r.bg, r.label))
}
