package mailview

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// searchMinWidth is the least the search field keeps beside the toolbar.
const searchMinWidth = 180

// barItem is one button of the window's top bar and its command.
type barItem struct {
	btn   *toolButton
	cmd   *command
	group int  // buttons of one group sit together; groups are set apart
	fits  bool // placed by the last layout (false: in the overflow menu)
}

// fitBar is the window's top row: the toolbar's icon buttons from the
// left, as many as fit beside the search field's least width; what does
// not fit goes into the overflow menu of the "More actions" button, so
// every action stays reachable at any window width.
type fitBar struct {
	v      *View
	items  []*barItem
	more   *toolButton
	search fyne.CanvasObject
	box    *fyne.Container
}

func newFitBar(v *View, items []*barItem, search fyne.CanvasObject) *fitBar {
	b := &fitBar{v: v, items: items, search: search}
	b.more = newToolButton(theme.MoreHorizontalIcon(), "More actions", v.tips, b.showMore)
	objs := []fyne.CanvasObject{b.more, search}
	for _, it := range items {
		objs = append(objs, it.btn)
	}
	b.box = container.New(b, objs...)
	return b
}

// wanted: the button's command is there at all now (the composer
// buttons wait for a composer).
func (it *barItem) wanted() bool { return it.cmd.shown == nil || it.cmd.shown() }

func (b *fitBar) gap() float32 { return theme.Padding() * 3 }

// Layout places the buttons that fit, then the overflow button when some
// did not, then the search field in the rest.
func (b *fitBar) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	moreW := b.more.MinSize().Width
	var total float32
	group := -1
	for _, it := range b.items {
		if !it.wanted() {
			continue
		}
		if group >= 0 && it.group != group {
			total += b.gap()
		}
		group = it.group
		total += it.btn.MinSize().Width + pad
	}
	room := size.Width - searchMinWidth - pad
	overflow := total > room
	if overflow {
		room -= moreW + pad
	}
	x, group, full := float32(0), -1, false
	for _, it := range b.items {
		it.fits = false
		if !it.wanted() {
			it.btn.Hide()
			continue
		}
		w, at := it.btn.MinSize().Width, x
		if group >= 0 && it.group != group {
			at += b.gap()
		}
		if full || at+w+pad > room {
			full = true
			it.btn.Hide()
			continue
		}
		group = it.group
		it.fits = true
		it.btn.Show()
		it.btn.Move(fyne.NewPos(at, 0))
		it.btn.Resize(fyne.NewSize(w, size.Height))
		x = at + w + pad
	}
	if overflow {
		b.more.Show()
		b.more.Move(fyne.NewPos(x, 0))
		b.more.Resize(fyne.NewSize(moreW, size.Height))
		x += moreW + pad
	} else {
		b.more.Hide()
	}
	x += pad
	b.search.Move(fyne.NewPos(x, (size.Height-b.search.MinSize().Height)/2))
	b.search.Resize(fyne.NewSize(size.Width-x, b.search.MinSize().Height))
}

// MinSize: the overflow button and the search field's least width; every
// button can go into the overflow menu.
func (b *fitBar) MinSize(_ []fyne.CanvasObject) fyne.Size {
	h := max(b.more.MinSize().Height, b.search.MinSize().Height)
	return fyne.NewSize(b.more.MinSize().Width+searchMinWidth+3*theme.Padding(), h)
}

// overflowed are the commands the last layout left out.
func (b *fitBar) overflowed() []*command {
	var out []*command
	for _, it := range b.items {
		if it.wanted() && !it.fits {
			out = append(out, it.cmd)
		}
	}
	return out
}

// moreMenu is the overflow menu: each command left out, enabled as its
// button would be.
func (b *fitBar) moreMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for _, c := range b.overflowed() {
		item := fyne.NewMenuItem(c.label(), func() { b.v.do(c) })
		item.Disabled = c.enabled != nil && !c.enabled()
		items = append(items, item)
	}
	return fyne.NewMenu("", items...)
}

func (b *fitBar) showMore() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b.more)
	if c == nil {
		return
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b.more).Add(fyne.NewPos(0, b.more.Size().Height))
	b.v.moreMenu = b.moreMenu()
	b.v.morePopup = widget.NewPopUpMenu(b.v.moreMenu, c)
	b.v.morePopup.ShowAtPosition(pos)
}
