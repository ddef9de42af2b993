package mailview

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// keyList is the message list with the keys of a mail program: the arrows
// move and open (Fyne's list only moves a focus bar), Page Up and Page
// Down move a page and open, Delete and Backspace delete, and N, R, A and
// F start a new message, a reply, a reply to all and a forward. The open
// row is where the keys move from, as in Thunderbird: Fyne's separate
// focus bar is never drawn (its row cannot be set but by walking the list
// a row at a time, which froze the window for seconds on a far click).
type keyList struct {
	widget.List
	v *View
	// lastTap and lastTapAt spot a double click on a row.
	lastTap   int
	lastTapAt time.Time
}

func newKeyList(v *View, length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *keyList {
	l := &keyList{v: v}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

// takeFocus gives the list the keyboard once a row is opened. Fyne's
// list tries on a click, but an extended list is not found on the canvas
// under the list it embeds, so the click left the keys nowhere.
func (l *keyList) takeFocus() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(l); c != nil && c.Focused() != l {
		c.Focus(l)
	}
}

// FocusGained and FocusLost leave out Fyne's focus bar (see keyList).
func (l *keyList) FocusGained() {}
func (l *keyList) FocusLost()   {}

// TypedKey handles the list's keys while it has the focus; Fyne's own
// (Up, Down, Space) would move and select by the focus bar.
func (l *keyList) TypedKey(ev *fyne.KeyEvent) { l.v.listKey(ev.Name) }

// TypedRune handles the letter keys while the list has the focus.
func (l *keyList) TypedRune(r rune) { l.v.listRune(r) }

// openRow scrolls to row id and opens it.
func (l *keyList) openRow(id int) {
	l.ScrollTo(id)
	l.Select(id)
}

// tapRow is a click on row id: it opens the row and gives the list the
// keys; a second click on the same row soon after is a double click,
// which edits a draft.
func (l *keyList) tapRow(id int) {
	now := time.Now()
	double := id == l.lastTap && now.Sub(l.lastTapAt) < doubleClick
	l.lastTap, l.lastTapAt = id, now
	l.openRow(id)
	l.takeFocus()
	if double {
		l.lastTapAt = time.Time{}
		l.v.doID("edit")
	}
}

// doubleClick is the longest pause between the clicks of a double click.
const doubleClick = 400 * time.Millisecond

// rowTap is a row of the list: a click goes to tapRow. It takes the click
// from Fyne's list item, which has no double click.
type rowTap struct {
	widget.BaseWidget
	content fyne.CanvasObject
	list    *keyList
	id      int
}

func newRowTap(l *keyList, content fyne.CanvasObject) *rowTap {
	r := &rowTap{content: content, list: l}
	r.ExtendBaseWidget(r)
	return r
}

func (r *rowTap) Tapped(*fyne.PointEvent) { r.list.tapRow(r.id) }

func (r *rowTap) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.content) }

// page is how many rows the list shows at once.
func (l *keyList) page() int {
	row := l.v.list.rowHeight()
	if row <= 0 {
		return 1
	}
	return max(1, int(l.Size().Height/row)-1)
}

// listKey runs the key's action for the list (or, with nothing focused,
// the window); false when the key is not one of the list's.
func (v *View) listKey(k fyne.KeyName) bool {
	kl := v.list.keys
	switch k {
	case fyne.KeyDown, fyne.KeyUp, fyne.KeyPageDown, fyne.KeyPageUp:
		v.step(map[fyne.KeyName]int{fyne.KeyDown: 1, fyne.KeyUp: -1, fyne.KeyPageDown: kl.page(), fyne.KeyPageUp: -kl.page()}[k])
	case fyne.KeyDelete, fyne.KeyBackspace:
		v.doID("delete")
	case fyne.KeyReturn, fyne.KeyEnter:
		v.doID("edit") // a draft opens in the composer
	default:
		return false
	}
	return true
}

// listRune runs a letter key's command.
func (v *View) listRune(r rune) {
	switch r {
	case 'n', 'N':
		v.doID("new")
	case 'r', 'R':
		v.doID("reply")
	case 'a', 'A':
		v.doID("replyall")
	case 'f', 'F':
		v.doID("forward")
	}
}

// doID runs the command id (when there is one and it is enabled).
func (v *View) doID(id string) {
	if c := v.cmd(id); c != nil {
		v.do(c)
	}
}

// addListKeys makes the list's keys work when nothing has the focus, as
// at start: the window gets the keys no field takes. While a dialog or
// menu is open the keys are its own (Delete must not delete the message
// beneath a dialog): Escape closes it, the rest do nothing.
func (v *View) addListKeys(cv fyne.Canvas) {
	cv.SetOnTypedKey(func(ev *fyne.KeyEvent) {
		if top := cv.Overlays().Top(); top != nil {
			if ev.Name == fyne.KeyEscape {
				v.closeTop(top)
			}
			return
		}
		v.listKey(ev.Name)
	})
	cv.SetOnTypedRune(func(r rune) {
		if cv.Overlays().Top() == nil {
			v.listRune(r)
		}
	})
}

// closeTop closes the dialog the view opened (so that its own closing
// runs), else whatever overlay is on top.
func (v *View) closeTop(top fyne.CanvasObject) {
	if d := v.dialog; d != nil {
		v.dialog = nil
		d.Hide()
		return
	}
	top.Hide()
}

// showDialog shows d as the view's open dialog, the one Escape closes;
// onClosed runs too when it closes.
func (v *View) showDialog(d dialog.Dialog, onClosed ...func()) {
	v.dialog = d
	d.SetOnClosed(func() {
		if v.dialog == d {
			v.dialog = nil
		}
		for _, f := range onClosed {
			f()
		}
	})
	d.Show()
}
