package mailview

import (
	"cmp"
	"context"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"wren/account/actions"
	appsettings "wren/account/settings"
	readerui "wren/ui/reader"
)

// reader puts the safe rich reader (ui/reader) in the pane and connects
// it to the view: marking read, next and previous. The header labels and
// the body are the reader's own.
type reader struct {
	v                       *View
	rd                      *readerui.Reader
	from, to, date, subject *widget.Label
	body                    *widget.RichText
	content                 fyne.CanvasObject
	shown                   int64 // the message ID on show
}

// readAfter schedules the mark-read delay (nil: the reader's real
// timer); tests replace it.
var readAfter func(d time.Duration, f func()) (stop func())

func newReader(v *View) *reader {
	r := &reader{v: v}
	r.rd = readerui.New(readerui.Deps{
		App:      v.app,
		After:    readAfter,
		Window:   v.window,
		Spawn:    v.spawn,
		MarkRead: r.markRead,
		Next:     func() { v.step(1) },
		Previous: func() { v.step(-1) },
	})
	// The copies of opened attachments go when the view does.
	context.AfterFunc(v.ctx, func() { fyne.Do(r.rd.Close) })
	r.from, r.to, r.date, r.subject = r.rd.From, r.rd.To, r.rd.Date, r.rd.Subject
	r.body = r.rd.Body
	r.content = r.rd.Content
	return r
}

func (r *reader) show(s MessageSnapshot) {
	r.shown = s.Message.ID
	switch {
	case s.Err != nil && s.Message.ID == 0:
		r.rd.Show(&readerui.Prepared{Input: readerui.Input{
			Text: "This message could not be read from the local copy of your mail."}})
		r.from.SetText("")
		r.to.SetText("")
		r.date.SetText("")
		r.subject.SetText("")
	case s.Msg != nil:
		r.rd.Load(readerui.Input{Row: s.Message, Msg: s.Msg, Raw: s.Raw})
	default:
		r.rd.Show(&readerui.Prepared{Input: readerui.Input{Row: s.Message, Text: s.Body, Err: s.FetchErr}})
	}
}

// markRead marks the shown message read once the reader's delay passed,
// unless the pane moved on or it is read already.
func (r *reader) markRead() {
	m, ok := r.v.actions.selected()
	if !ok || m.ID != r.shown || m.Flags.Seen || r.v.actions.actor == nil {
		return
	}
	r.v.actions.act(m, actions.Read, "")
}

// SetReaderSettings lets the reader keep "always load remote content for
// this sender" in the settings file (nil: for this run only).
func (v *View) SetReaderSettings(s *appsettings.File) {
	if s == nil {
		v.reader.rd.SetSettings(nil)
		return
	}
	v.reader.rd.SetSettings(s)
}

// SetRemoteOff keeps remote content from ever loading in the reader and
// says why (the demo: its addresses are made up and nothing leaves it).
func (v *View) SetRemoteOff(why string) { v.reader.rd.SetRemoteOff(why) }

// step opens the message d rows below (d < 0: above) the open one, or
// the last (first) row when there are fewer; with none open, the first.
func (v *View) step(d int) {
	rows := v.model.Rows()
	if len(rows) == 0 {
		return
	}
	i := v.rowIndex(v.selectedMsg)
	j := max(0, min(i+d, len(rows)-1))
	if i < 0 { // nothing open yet: the first row
		j = 0
	} else if j == i {
		return
	}
	v.list.keys.openRow(j) // scrolls to it too
	if j >= len(rows)-prefetch {
		v.loadMore()
	}
}

// Next and previous message: Ctrl+] and Ctrl+[ (Ctrl+, and Ctrl+K are
// taken by Settings and Search).
var (
	nextKey = &desktop.CustomShortcut{KeyName: fyne.KeyRightBracket, Modifier: fyne.KeyModifierShortcutDefault}
	prevKey = &desktop.CustomShortcut{KeyName: fyne.KeyLeftBracket, Modifier: fyne.KeyModifierShortcutDefault}
)

// addReaderShortcuts registers next and previous on the window's canvas.
func (v *View) addReaderShortcuts(cv fyne.Canvas) {
	cv.AddShortcut(nextKey, func(fyne.Shortcut) { v.step(1) })
	cv.AddShortcut(prevKey, func(fyne.Shortcut) { v.step(-1) })
}

// probe describes the pane for Probe.
func (r *reader) probe() ProbeReader {
	p := ProbeReader{Pane: rectOf(r.v.right.Trailing)}
	if !r.content.Visible() {
		return p
	}
	p.ID, p.Subject = r.shown, r.subject.Text
	p.MinWidth = r.content.MinSize().Width
	p.Ready = r.rd.Current() != nil && !r.rd.Pending()
	p.Attachments = len(r.rd.Attachments.Objects)
	for _, seg := range r.body.Segments {
		if para, ok := seg.(*widget.ParagraphSegment); ok {
			for _, t := range para.Texts {
				if l, ok := t.(*widget.HyperlinkSegment); ok {
					p.Links = append(p.Links, l.Text)
				}
			}
		}
	}
	p.Pictures = r.rd.Pictures()
	for _, b := range r.rd.Buttons() {
		if b.Visible() {
			p.Buttons = append(p.Buttons, ProbeButton{ID: b.Text, Label: b.Text, InBar: true, Enabled: !b.Disabled(), Rect: rectOf(b)})
		}
	}
	for name, l := range r.rd.HeaderValues() {
		p.Header = append(p.Header, ProbeField{Name: name, Text: l.Text, Rect: rectOf(l)})
	}
	slices.SortFunc(p.Header, func(a, b ProbeField) int { return cmp.Compare(a.Y, b.Y) })
	return p
}
