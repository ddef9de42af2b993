package compose

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	core "wren/account/compose"
	"wren/transport/rfc822"
)

// addressField is a To, Cc or Bcc entry that completes the address being
// typed from the address book: a list pops up under it, Up/Down move in
// it, Return takes the highlighted address, Escape closes it.
type addressField struct {
	widget.Entry
	w     *Window
	label string

	popup *widget.PopUp
	list  *widget.List
	items []string // formatted suggestions the list shows
	sel   int
	// gen numbers lookups: a result whose gen is not the latest is stale
	// and dropped.
	gen   uint64
	timer *time.Timer
	// problems are what mark last showed on the field.
	problems []string
}

func newAddressField(w *Window, label string) *addressField {
	f := &addressField{w: w, label: label}
	f.ExtendBaseWidget(f)
	f.SetPlaceHolder("name@example.com, …")
	f.OnChanged = func(string) {
		if f.problems != nil {
			f.mark(nil)
		}
		f.scheduleLookup()
		w.changed()
	}
	return f
}

// addresses parses the field; the problems name the field.
func (f *addressField) addresses() ([]rfc822.Address, []string) {
	list, problems := core.ParseAddresses(f.Text)
	var reasons []string
	for _, p := range problems {
		reasons = append(reasons, f.label+": \""+p.Input+"\" "+p.Reason)
	}
	return list, reasons
}

// mark shows the field's problems on it (nil clears).
func (f *addressField) mark(reasons []string) {
	f.problems = reasons
	if len(reasons) == 0 {
		f.SetValidationError(nil)
		return
	}
	f.SetValidationError(errors.New(strings.Join(reasons, "; ")))
}

// token is the entry being typed: the text after the last separator.
func (f *addressField) token() string {
	t := f.Text
	if i := strings.LastIndexAny(t, ",;"); i >= 0 {
		t = t[i+1:]
	}
	return strings.TrimSpace(t)
}

// scheduleLookup asks the address book after a short pause in typing;
// each keystroke restarts the pause and makes earlier answers stale.
func (f *addressField) scheduleLookup() {
	f.gen++
	if f.timer != nil {
		f.timer.Stop()
	}
	prefix, gen := f.token(), f.gen
	if len([]rune(prefix)) < 1 {
		f.hidePopup()
		return
	}
	b, ctx := f.w.m.deps.Backend, f.w.m.ctx
	f.timer = time.AfterFunc(suggestDebounce, func() {
		ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
		defer cancel()
		found, err := b.Contacts(ctx, prefix)
		var items []string
		for _, c := range found {
			items = append(items, core.FormatAddress(rfc822.Address{Name: c.Name, Address: c.Addr}))
		}
		f.w.m.do(func() {
			if gen != f.gen || f.w.closed {
				return // typed on meanwhile: a newer lookup is coming
			}
			if err != nil {
				f.w.m.deps.Logger.Warn("address completion failed", "err", err)
			}
			f.showSuggestions(items)
			f.w.m.emit("suggest", f.w)
		})
	})
}

func (f *addressField) showSuggestions(items []string) {
	f.items, f.sel = items, 0
	if len(items) == 0 {
		f.hidePopup()
		return
	}
	if f.popup == nil {
		f.list = widget.NewList(
			func() int { return len(f.items) },
			func() fyne.CanvasObject { return widget.NewLabel("name@example.com") },
			func(i widget.ListItemID, o fyne.CanvasObject) {
				l := o.(*widget.Label)
				l.TextStyle.Bold = i == f.sel
				l.SetText(f.items[i])
			})
		f.list.OnSelected = func(i widget.ListItemID) { f.accept(i) }
		c := fyne.CurrentApp().Driver().CanvasForObject(f)
		if c == nil {
			c = f.w.win.Canvas()
		}
		f.popup = widget.NewPopUp(f.list, c)
	}
	f.list.UnselectAll()
	f.highlight()
	rows := min(len(items), 6)
	f.popup.Resize(fyne.NewSize(max(f.Size().Width, 300), float32(rows)*36+8))
	f.popup.ShowAtRelativePosition(fyne.NewPos(0, f.Size().Height), f)
}

// highlight shows the keyboard selection without accepting it.
func (f *addressField) highlight() {
	f.list.Refresh()
	f.list.ScrollTo(f.sel)
}

func (f *addressField) popupShown() bool { return f.popup != nil && f.popup.Visible() }

func (f *addressField) hidePopup() {
	if f.popup != nil {
		f.popup.Hide()
	}
}

// accept replaces the token being typed with suggestion i.
func (f *addressField) accept(i int) {
	if i < 0 || i >= len(f.items) {
		return
	}
	choice := f.items[i]
	f.hidePopup()
	head := f.Text
	if j := strings.LastIndexAny(head, ",;"); j >= 0 {
		head = head[:j+1] + " "
	} else {
		head = ""
	}
	f.SetText(head + choice + ", ")
	f.CursorColumn = len([]rune(f.Text))
	f.Refresh()
	f.gen++ // the lookup the new text started is not wanted
	if f.timer != nil {
		f.timer.Stop()
	}
}

// TypedKey drives the suggestion list from the keyboard while it shows.
func (f *addressField) TypedKey(k *fyne.KeyEvent) {
	if f.popupShown() {
		switch k.Name {
		case fyne.KeyDown:
			f.sel = min(f.sel+1, len(f.items)-1)
			f.highlight()
			return
		case fyne.KeyUp:
			f.sel = max(f.sel-1, 0)
			f.highlight()
			return
		case fyne.KeyReturn, fyne.KeyEnter:
			f.accept(f.sel)
			return
		case fyne.KeyEscape:
			f.hidePopup()
			return
		}
	}
	f.Entry.TypedKey(k)
}

// FocusLost closes the suggestions.
func (f *addressField) FocusLost() {
	f.Entry.FocusLost()
	f.hidePopup()
}

// stop ends pending lookups (the window closes).
func (f *addressField) stop() {
	f.gen++
	if f.timer != nil {
		f.timer.Stop()
	}
	f.hidePopup()
}
