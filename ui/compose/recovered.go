package compose

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"wren/account/drafts"
)

// OfferRecovered looks for drafts left from the last run (closed unsent,
// or a crash) and offers them over the main window: Open, Discard, or
// Not now (they are offered again next time).
func (m *Manager) OfferRecovered() {
	b, ctx := m.deps.Backend, m.ctx
	go func() {
		ctx, cancel := context.WithTimeout(ctx, lookupTimeout*2)
		defer cancel()
		list, err := b.RecoveredDrafts(ctx)
		m.do(func() {
			if err != nil {
				m.deps.Logger.Warn("reading recovered drafts failed", "err", err)
			}
			if len(list) > 0 && m.ctx.Err() == nil {
				m.offer(list)
			}
			m.emit("recovered", nil)
		})
	}()
}

// offer is the question itself; it keeps its buttons for tests.
func (m *Manager) offer(list []drafts.Draft) {
	p := m.dialogParent()
	if p == nil {
		return
	}
	words := "Wren found 1 unsent draft from last time."
	if len(list) != 1 {
		words = fmt.Sprintf("Wren found %d unsent drafts from last time.", len(list))
	}
	var d *dialog.CustomDialog
	open := widget.NewButton("Open", func() {
		d.Hide()
		for _, s := range list {
			m.openStored(s)
		}
	})
	open.Importance = widget.HighImportance
	discard := widget.NewButton("Discard", func() {
		d.Hide()
		b := m.deps.Backend
		go func() {
			for _, s := range list {
				if err := b.DiscardDraft(s.ID); err != nil {
					m.deps.Logger.Warn("discarding a draft failed", "err", err)
				}
			}
			m.do(func() { m.emit("discarded", nil) })
		}()
	})
	later := widget.NewButton("Not now", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons("Unsent drafts", widget.NewLabel(words), p)
	d.SetButtons([]fyne.CanvasObject{later, layout.NewSpacer(), discard, open})
	m.recovered = &recoveredOffer{dialog: d, text: words, open: open, discard: discard, later: later}
	d.Show()
}

// recoveredOffer is the open question (tests answer it).
type recoveredOffer struct {
	dialog               *dialog.CustomDialog
	text                 string
	open, discard, later *widget.Button
}
