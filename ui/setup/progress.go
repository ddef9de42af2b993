package setup

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account/wizard"
)

// progress is step 2: one row per discovery source.
type progress struct {
	box            *fyne.Container
	heading        *widget.Label
	rows           *fyne.Container
	manual, cancel *widget.Button
}

func (v *View) buildProgress() {
	p := &v.progress
	p.heading = widget.NewLabelWithStyle("Looking for your mail server settings…", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.rows = container.NewVBox()
	p.manual = widget.NewButton("Configure manually", v.wiz.ConfigureManually)
	p.manual.Hide()
	p.cancel = widget.NewButton("Cancel", v.wiz.Cancel)
	p.box = container.NewVBox(p.heading, widget.NewProgressBarInfinite(), p.rows, container.NewHBox(p.cancel, p.manual))
}

func (v *View) applyProgress(s wizard.State) {
	p := &v.progress
	p.heading.SetText("Looking for the settings of " + s.Address + "…")
	rows := make([]fyne.CanvasObject, 0, len(s.Sources))
	for _, r := range s.Sources {
		rows = append(rows, widget.NewLabel(rowText(r)))
	}
	p.rows.Objects = rows
	p.rows.Refresh()
	if s.ManualOffered {
		p.manual.Show()
	} else {
		p.manual.Hide()
	}
}

func rowText(r wizard.SourceRow) string {
	what := "Asking " + wizard.SourceWords(r.Source)
	switch r.Status {
	case wizard.RowFound:
		return what + ": found settings"
	case wizard.RowNothing:
		return what + ": nothing there"
	}
	return what + "…"
}
