package compose

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	core "wren/account/compose"
	"wren/transport/rfc822"
	"wren/ui/internal/keys"
)

// addressField is a To, Cc or Bcc entry that completes the address being
// typed from the address book: a list shows under it (suggest.go) while
// the field keeps the keyboard; Up/Down move in it, Return or Tab takes
// the highlighted address, Escape closes it.
type addressField struct {
	keys.Entry
	w     *Window
	label string
	// gen numbers lookups: a result whose gen is not the latest is stale
	// and dropped.
	gen   uint64
	timer *time.Timer
	// hasFocus mirrors the canvas focus; atomic because tests apply
	// lookups from the timer's goroutine (the app does it via fyne.Do).
	hasFocus atomic.Bool
	// problems are what mark last showed on the field.
	problems []string
}

func newAddressField(w *Window, label string) *addressField {
	f := &addressField{w: w, label: label}
	f.Window = &w.keys
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
	if !f.focused() {
		return // the user moved on while the address book answered
	}
	f.w.suggest.show(f, items)
}

func (f *addressField) focused() bool { return f.hasFocus.Load() }

// FocusGained notes the focus (the address book's answer is shown only
// while the field has it).
func (f *addressField) FocusGained() {
	f.hasFocus.Store(true)
	f.Entry.FocusGained()
}

func (f *addressField) popupShown() bool { return f.w.suggest.shownFor(f) }

func (f *addressField) hidePopup() {
	if f.popupShown() {
		f.w.suggest.hide()
	}
}

// accept replaces the token being typed with suggestion i.
func (f *addressField) accept(i int) {
	items := f.w.suggest.items
	if !f.popupShown() || i < 0 || i >= len(items) {
		return
	}
	choice := items[i]
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
	if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil {
		c.Focus(f) // a click on the list leaves the typing here
	}
}

// TypedKey drives the suggestion list from the keyboard while it shows.
func (f *addressField) TypedKey(k *fyne.KeyEvent) {
	if f.popupShown() {
		switch k.Name {
		case fyne.KeyDown:
			f.w.suggest.move(1)
			return
		case fyne.KeyUp:
			f.w.suggest.move(-1)
			return
		case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyTab:
			f.accept(f.w.suggest.sel)
			return
		case fyne.KeyEscape:
			f.hidePopup()
			return
		}
	}
	f.Entry.TypedKey(k)
}

// AcceptsTab keeps Tab in the field while suggestions show: it takes the
// highlighted one instead of moving to the next field.
func (f *addressField) AcceptsTab() bool { return f.popupShown() }

// FocusLost closes the suggestions.
func (f *addressField) FocusLost() {
	f.hasFocus.Store(false)
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
