package setup

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account/wizard"
	"wren/ui/explainview"
)

// result is step 4: each server's result, the explanation of a failure
// with the way to fix it, and Finish.
type result struct {
	box             *fyne.Container
	heading         *widget.Label
	inLine, outLine *widget.Label
	problems        *fyne.Container
	passwordBox     *fyne.Container
	password        *widget.Entry
	retry, edit     *widget.Button
	finish, keep    *widget.Button
	cancel          *widget.Button
}

func (v *View) buildResult() {
	r := &v.result
	r.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	r.inLine, r.outLine = widget.NewLabel(""), widget.NewLabel("")
	r.problems = container.NewVBox()
	r.password = widget.NewPasswordEntry()
	r.retry = widget.NewButton("Try again", func() { v.wiz.RetryPassword(r.password.Text) })
	r.password.OnSubmitted = func(string) { r.retry.OnTapped() }
	r.passwordBox = container.NewVBox(widget.NewForm(widget.NewFormItem("Password", r.password)), container.NewHBox(r.retry))
	r.edit = widget.NewButton("Change the server settings", v.wiz.EditSettings)
	r.finish = widget.NewButton("Finish", v.wiz.Finish)
	r.finish.Importance = widget.HighImportance
	r.keep = widget.NewButton("Keep the password for this session only", v.wiz.KeepForSession)
	r.cancel = widget.NewButton("Cancel", v.wiz.Cancel)
	r.box = container.NewVBox(r.heading, r.inLine, r.outLine, r.problems, r.passwordBox,
		container.NewHBox(r.cancel, r.edit, r.keep, r.finish))
}

func (v *View) applyResult(s wizard.State) {
	r := &v.result
	busy := s.Step != wizard.StepResult
	switch s.Step {
	case wizard.StepVerifying:
		r.heading.SetText("Checking your settings…")
	case wizard.StepSaving:
		r.heading.SetText("Saving your account…")
	default:
		r.heading.SetText("Checked your settings")
	}
	r.inLine.SetText(sideLine("Incoming", s.Incoming, s.In, busy))
	r.outLine.SetText(sideLine("Outgoing", s.Outgoing, s.Out, busy))

	r.problems.Objects = nil
	if !busy {
		for _, e := range s.Explanations() {
			r.problems.Add(explainview.New(e, v.app.Clipboard()).Content)
		}
	}
	r.problems.Refresh()

	showIf(r.passwordBox, !busy && s.Fix == wizard.FixPassword)
	showIf(r.edit, !busy)
	showIf(r.cancel, s.Step == wizard.StepVerifying)
	showIf(r.keep, !busy && s.SessionOnlyOffered)
	showIf(r.finish, !busy)
	r.edit.Importance = widget.MediumImportance
	if s.Fix == wizard.FixSettings {
		r.edit.Importance = widget.HighImportance
	}
	r.edit.Refresh()
	if !busy && s.In.OK && s.Out.OK && s.SaveProblem == nil {
		r.finish.Enable()
	} else {
		r.finish.Disable()
	}
}

func sideLine(what string, f wizard.ServerForm, r wizard.SideResult, busy bool) string {
	where := fmt.Sprintf("%s (%s %s:%d)", what, f.Protocol, f.Host, f.Port)
	switch {
	case busy && !r.Ran:
		return where + ": checking…"
	case r.OK && r.Username != "":
		return where + ": works, signed in as " + r.Username
	case r.OK:
		return where + ": works"
	case r.Problem != nil:
		return where + ": failed — " + r.Problem.Title
	}
	return where + ": not checked"
}

func showIf(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

func (v *View) buildDone() {
	v.done = container.NewVBox(widget.NewLabelWithStyle("Your account is ready.", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		wrapped("Wren is fetching your mail now."))
}
