package compose

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account/explain"
	"wren/account/outbox"
	"wren/ui/explainview"
)

// bar is the main window's line about sending: "Sending in 10 s — Undo",
// "Message sent", or a failure with the way to the outbox.
type bar struct {
	m       *Manager
	box     *fyne.Container // floats over the window: see Manager.Bar
	bg      *canvas.Rectangle
	text    *widget.Label
	undo    *widget.Button
	outbox  *widget.Button
	dismiss *widget.Button
	id      int64 // the message Undo takes back (0: none)
}

func newBar(m *Manager) *bar {
	b := &bar{m: m, text: widget.NewLabel("")}
	b.undo = widget.NewButton("Undo", func() { m.undo(b.id) })
	b.outbox = widget.NewButton("Outbox", m.ShowOutbox)
	b.dismiss = widget.NewButtonWithIcon("", theme.CancelIcon(), b.hide)
	b.dismiss.Importance = widget.LowImportance
	b.bg = canvas.NewRectangle(nil)
	b.bg.CornerRadius = theme.InputRadiusSize()
	b.box = container.NewStack(b.bg, container.NewPadded(
		container.NewHBox(widget.NewIcon(theme.MailSendIcon()), b.text, b.undo, b.outbox, b.dismiss)))
	b.box.Hide()
	return b
}

func (b *bar) show(text string, undo bool) {
	b.bg.FillColor = theme.Color(theme.ColorNameOverlayBackground)
	b.bg.StrokeColor, b.bg.StrokeWidth = theme.Color(theme.ColorNameSeparator), 1
	b.text.SetText(text)
	if undo {
		b.undo.Show()
	} else {
		b.undo.Hide()
		b.id = 0
	}
	b.box.Show()
	b.box.Refresh()
}

func (b *bar) hide() {
	b.id = 0
	b.box.Hide()
}

// queued follows a message the composer queued.
func (m *Manager) queued(id int64, info sentInfo, undo time.Duration) {
	m.sent[id] = info
	if undo <= 0 {
		m.bar.show("Sending…", false)
		return
	}
	m.bar.id = id
	m.bar.show(fmt.Sprintf("Sending in %d s", int(undo/time.Second)), true)
}

// undo takes message id back and reopens it in a composer.
func (m *Manager) undo(id int64) {
	if id == 0 {
		return
	}
	m.bar.undo.Disable()
	b, ctx := m.deps.Backend, m.ctx
	go func() {
		ctx, cancel := context.WithTimeout(ctx, sendTimeout)
		defer cancel()
		d, err := b.Undo(ctx, id)
		m.do(func() {
			m.bar.undo.Enable()
			info, known := m.sent[id]
			if err != nil {
				if errors.Is(err, outbox.ErrNotUndoable) {
					m.bar.show("Too late to undo: the message is already on its way.", false)
				} else {
					m.bar.show("The message could not be taken back.", false)
					m.deps.Logger.Warn("undo send failed", "err", err)
				}
				return
			}
			// Its ID may be given to the next message: forget it now.
			delete(m.sent, id)
			m.bar.hide()
			var atts []attachment
			if known {
				// The paths, not the bytes read for sending, go back.
				atts, d.Attachments = info.attach, nil
			}
			w := m.openWith(info.account, d, atts, func(w *Window) {
				w.dirty = true
				w.changed()
			})
			m.emit("undone", w)
		})
	}()
}

// outboxChanged comes from the outbox goroutine.
func (m *Manager) outboxChanged(it outbox.Item) {
	m.do(func() { m.applyOutbox(it) })
}

func (m *Manager) applyOutbox(it outbox.Item) {
	if m.ctx.Err() != nil {
		return
	}
	switch it.State {
	case outbox.Sent:
		if _, ok := m.sent[it.ID]; ok {
			delete(m.sent, it.ID)
			m.bar.show("Message sent.", false)
		}
	case outbox.Failed, outbox.Unknown:
		delete(m.sent, it.ID)
		m.bar.show("A message could not be sent. It waits in the outbox.", false)
		if it.Err != nil {
			if p := m.dialogParent(); p != nil {
				es := explain.ExplainAll([]error{it.Err}, explain.Context{Operation: explain.OpSend})
				m.lastExplained = explainview.ShowAll(es, p, m.app.Clipboard())
			}
		}
	}
	if m.outbox != nil {
		m.outbox.reload()
	}
	m.emit("outbox:"+string(it.State), nil)
}
