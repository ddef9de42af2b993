package compose

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	core "wren/account/compose"
	"wren/account/explain"
	"wren/account/outbox"
	"wren/ui/explainview"
)

// outboxRow is one outbox message as the view shows it.
type outboxRow struct {
	item    outbox.Item
	subject string
}

// outboxView is a window listing the outbox: each message with its state,
// Edit (reopen it in a composer) and Retry for those that failed.
type outboxView struct {
	m    *Manager
	win  fyne.Window
	box  *fyne.Container
	rows []outboxRow
	gen  uint64
}

// ShowOutbox opens (or raises) the outbox window.
func (m *Manager) ShowOutbox() {
	if m.outbox != nil {
		m.outbox.win.RequestFocus()
		m.outbox.reload()
		return
	}
	v := &outboxView{m: m, win: m.app.NewWindow("Outbox"), box: container.NewVBox()}
	v.win.SetContent(container.NewVScroll(v.box))
	v.win.Resize(fyne.NewSize(640, 360))
	v.win.SetOnClosed(func() { m.outbox = nil })
	m.outbox = v
	v.box.Add(widget.NewLabel("Reading the outbox…"))
	v.win.Show()
	v.reload()
}

// reload reads the outbox in the background and redraws it.
func (v *outboxView) reload() {
	v.gen++
	gen, b, ctx := v.gen, v.m.deps.Backend, v.m.ctx
	go func() {
		ctx, cancel := context.WithTimeout(ctx, lookupTimeout*2)
		defer cancel()
		items, err := b.Outbox(ctx)
		rows := make([]outboxRow, 0, len(items))
		for _, it := range items {
			rows = append(rows, outboxRow{item: it, subject: oneLine(it.Subject())})
		}
		v.m.do(func() {
			if gen != v.gen || v.m.outbox != v {
				return
			}
			if err != nil {
				v.m.deps.Logger.Warn("reading the outbox failed", "err", err)
			}
			v.rows = rows
			v.draw()
			v.m.emit("outbox", nil)
		})
	}()
}

var stateWords = map[outbox.State]string{
	outbox.Queued: "Waiting", outbox.Sending: "Sending", outbox.Sent: "Sent",
	outbox.Failed: "Failed", outbox.Unknown: "May have been sent",
}

func (v *outboxView) draw() {
	v.box.RemoveAll()
	if len(v.rows) == 0 {
		v.box.Add(widget.NewLabel("The outbox is empty."))
	}
	for _, r := range v.rows {
		it := r.item
		subject := r.subject
		if subject == "" {
			subject = "(no subject)"
		}
		text := stateWords[it.State] + " — " + subject + " — to " + oneLine(strings.Join(it.To, ", "))
		if it.State != outbox.Sent && !hasAccount(v.m.deps.Accounts, it.Account) {
			text = heldWords(it.Account) + " — " + subject + " — to " + oneLine(strings.Join(it.To, ", "))
		}
		row := container.NewHBox(widget.NewLabel(text))
		switch it.State {
		case outbox.Failed, outbox.Unknown:
			row.Add(widget.NewButton("Why?", func() { v.explain(it) }))
			row.Add(widget.NewButton("Edit", func() { v.edit(it) }))
			row.Add(widget.NewButton("Retry", func() { v.retry(it.ID) }))
			if it.State == outbox.Failed && outbox.RefusedRecipients(it.Err) {
				// Nothing went out; the user may send it to the others.
				row.Add(widget.NewButton("Send to the others", func() { v.sendToAccepted(it.ID) }))
			}
		case outbox.Queued:
			if _, ok := v.m.sent[it.ID]; ok && it.Attempts == 0 {
				row.Add(widget.NewButton("Edit", func() { v.m.undo(it.ID) }))
			}
		}
		v.box.Add(row)
	}
	v.box.Refresh()
}

func (v *outboxView) explain(it outbox.Item) {
	if it.Err == nil {
		return
	}
	// A queued message with an error waits for its next try.
	es := explain.ExplainAll([]error{it.Err}, explain.Context{Operation: explain.OpSend, Retrying: it.State == outbox.Queued})
	v.m.lastExplained = explainview.ShowAll(es, v.win, v.m.app.Clipboard())
}

// edit reopens a failed message in a composer (a new message: the failed
// one stays in the outbox until retried).
func (v *outboxView) edit(it outbox.Item) {
	go func() {
		msg, err := it.Message()
		v.m.do(func() {
			if err != nil {
				v.m.deps.Logger.Warn("reopening an outbox message failed", "err", err)
				return
			}
			d := core.Reopen(msg, it.To)
			d.MessageID = "" // a new message, not the failed one again
			v.m.open(it.Account, d, nil)
		})
	}()
}

func (v *outboxView) sendToAccepted(id int64) {
	v.act("sending to the accepted recipients", func(ctx context.Context) error {
		return v.m.deps.Backend.SendToAccepted(ctx, id)
	})
}

func (v *outboxView) retry(id int64) {
	v.act("retry", func(ctx context.Context) error { return v.m.deps.Backend.Retry(ctx, id) })
}

// act runs a user's outbox action off the UI goroutine, then reloads.
func (v *outboxView) act(what string, f func(context.Context) error) {
	ctx := v.m.ctx
	go func() {
		ctx, cancel := context.WithTimeout(ctx, sendTimeout)
		defer cancel()
		err := f(ctx)
		v.m.do(func() {
			if err != nil {
				v.m.deps.Logger.Warn(what+" failed", "err", err)
			}
			v.reload()
		})
	}()
}
