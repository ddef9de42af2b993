package mailview

import (
	"context"
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/store"
	"wren/assets"
)

// prefetch is how close to the end of the loaded rows a shown row must be
// for the next page to load.
const prefetch = 20

const (
	sortDate   = "Date"
	sortSender = "Sender"
)

// messageList is the middle pane: sort and quick filters above a list
// over the model's row snapshot.
type messageList struct {
	v      *View
	widget *widget.List
	keys   *keyList // the same list, with its keys (keys.go)
	bar    fyne.CanvasObject
	info   *widget.Label
	quiet  bool // selecting by code, not by the user

	sort                    *widget.Select
	unread, flagged, attach *widget.Check
}

func newMessageList(v *View) *messageList {
	l := &messageList{v: v, info: widget.NewLabel("")}
	l.keys = newKeyList(v, l.length, l.create, l.update)
	l.widget = &l.keys.List
	l.widget.OnSelected = func(id widget.ListItemID) {
		if l.quiet {
			return
		}
		if rows := v.model.Rows(); id >= 0 && id < len(rows) {
			v.selectMessage(rows[id].ID)
		}
		l.keys.takeFocus()
	}
	l.sort = widget.NewSelect([]string{sortDate, sortSender}, func(s string) {
		o := store.ByDate
		if s == sortSender {
			o = store.BySender
		}
		if o != v.model.Sort() {
			v.startList(v.model.SetSort(o))
		}
	})
	l.sort.SetSelected(sortDate)
	filter := func(bool) {
		f := store.Filter{Unread: l.unread.Checked, Flagged: l.flagged.Checked, HasAttachment: l.attach.Checked}
		if f != v.model.Filter() {
			v.startList(v.model.SetFilter(f))
		}
	}
	l.unread = widget.NewCheck("Unread", filter)
	l.flagged = widget.NewCheck("Flagged", filter)
	l.attach = widget.NewCheck("Attachments", filter)
	// The toggles scroll sideways in a narrow pane instead of widening it
	// past the split, which would push the dates out of sight.
	l.bar = container.NewVBox(
		container.NewHScroll(container.NewHBox(widget.NewLabel("Sort by"), l.sort, l.unread, l.flagged, l.attach)),
		l.info)
	return l
}

func (l *messageList) length() int { return len(l.v.model.Rows()) }

// rowHeight is the height of one row (0 before the list is drawn).
func (l *messageList) rowHeight() float32 {
	return l.create().MinSize().Height + theme.SeparatorThicknessSize()
}

func (l *messageList) create() fyne.CanvasObject {
	sender := widget.NewLabel("")
	sender.Truncation = fyne.TextTruncateEllipsis
	subject := widget.NewLabel("")
	subject.Truncation = fyne.TextTruncateEllipsis
	date := widget.NewLabel("")
	flag := widget.NewIcon(flagMark)
	clip := widget.NewIcon(theme.MailAttachmentIcon())
	marks := container.NewVBox(flag, clip)
	return newRowTap(l.keys, container.NewBorder(nil, nil, marks, date, container.NewVBox(sender, subject)))
}

func (l *messageList) update(id widget.ListItemID, o fyne.CanvasObject) {
	rows := l.v.model.Rows()
	if id < 0 || id >= len(rows) {
		return
	}
	m := rows[id]
	row := o.(*rowTap)
	row.id = id
	c := row.content.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container)
	marks := c.Objects[1].(*fyne.Container)
	date := c.Objects[2].(*widget.Label)
	style := fyne.TextStyle{Bold: !m.Flags.Seen}
	sender, subject := text.Objects[0].(*widget.Label), text.Objects[1].(*widget.Label)
	sender.TextStyle, subject.TextStyle = style, style
	sender.SetText(l.senderLine(m))
	subject.SetText(subjectWords(m.Subject))
	date.SetText(listDate(m.Date, l.v.now()))
	// An icon keeps its size without a resource, so subjects stay aligned.
	marks.Objects[0].(*widget.Icon).SetResource(markIf(m.Flags.Flagged, flagMark))
	marks.Objects[1].(*widget.Icon).SetResource(markIf(m.HasAttachment, theme.MailAttachmentIcon()))
	c.Refresh() // lay out again: the date's width changed
	if id >= len(rows)-prefetch {
		l.v.loadMore()
	}
}

// senderLine is a row's first line: the sender, and in search results
// (which come from every folder) the folder the message is in.
func (l *messageList) senderLine(m store.Message) string {
	if l.v.model.Source().Kind == SourceSearch {
		return senderWords(m.From) + "  ·  in " + l.v.folderName(m.Account, m.Folder)
	}
	return senderWords(m.From)
}

func markIf(on bool, r fyne.Resource) fyne.Resource {
	if on {
		return r
	}
	return nil
}

func setShown(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// refresh redraws the list after the model's rows changed.
func (l *messageList) refresh() {
	m := &l.v.model
	switch n := len(m.Rows()); {
	case errors.Is(m.Err(), store.ErrBadQuery):
		l.info.SetText("The search was not understood. Dates are written like 2024-12-31; " +
			"is: takes unread, read or flagged; has: takes attachment.")
	case errors.Is(m.Err(), context.Canceled):
		l.info.SetText("Loading stopped.")
	case m.Err() != nil:
		l.info.SetText("The local copy of your mail could not be read.")
	case n == 0 && m.loading:
		l.info.SetText("Loading…")
	case n == 0:
		l.info.SetText("No messages.")
	case m.HasMore():
		l.info.SetText(fmt.Sprintf("%d+ messages", n))
	case n == 1:
		l.info.SetText("1 message")
	default:
		l.info.SetText(fmt.Sprintf("%d messages", n))
	}
	l.widget.Refresh()
}

// reselect keeps the open message selected when a reload moved its row
// (new mail above it), without loading it again.
func (l *messageList) reselect(id int64) {
	if id == 0 {
		return
	}
	for i, m := range l.v.model.Rows() {
		if m.ID == id {
			l.quiet = true
			l.widget.Select(i)
			l.quiet = false
			return
		}
	}
	l.widget.UnselectAll()
}

// flagMark is a flagged message's mark: the toolbar's flag.
var flagMark = theme.NewThemedResource(assets.FlagIcon)
