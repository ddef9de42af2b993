package mailview

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// searchEntry is the search field: Enter searches, Escape or emptying the
// field returns to the folder.
type searchEntry struct {
	widget.Entry
	onSearch func(string)
	onEnd    func()
}

func newSearchEntry(onSearch func(string), onEnd func()) *searchEntry {
	e := &searchEntry{onSearch: onSearch, onEnd: onEnd}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder("Search mail (from:, subject:, is:unread, has:attachment …)")
	e.OnSubmitted = func(s string) { onSearch(strings.TrimSpace(s)) }
	e.OnChanged = func(s string) {
		if s == "" {
			onEnd()
		}
	}
	return e
}

// TypedKey adds Escape to the entry's keys.
func (e *searchEntry) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape {
		e.SetText("") // OnChanged ends the search
		e.onEnd()
		return
	}
	e.Entry.TypedKey(k)
}
