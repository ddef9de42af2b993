package setup

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account/wizard"
	"wren/ui/explainview"
)

// credentials is step 1: name, address, password.
type credentials struct {
	box                     *fyne.Container
	name, address, password *widget.Entry
	problem                 *fyne.Container // the address's explanation
	next                    *widget.Button
}

func (v *View) buildCredentials() {
	c := &v.cred
	c.name = widget.NewEntry()
	c.name.SetPlaceHolder("Your name, as recipients see it")
	c.address = widget.NewEntry()
	c.address.SetPlaceHolder("you@example.com")
	c.password = widget.NewPasswordEntry()
	c.problem = container.NewVBox()
	// The password stays in the entry and the wizard; it is never shown
	// back or put in a state.
	c.next = widget.NewButton("Continue", func() {
		v.wiz.Submit(c.name.Text, c.address.Text, c.password.Text)
	})
	c.next.Importance = widget.HighImportance
	c.address.OnSubmitted = func(string) { c.next.OnTapped() }
	c.password.OnSubmitted = func(string) { c.next.OnTapped() }
	form := widget.NewForm(
		widget.NewFormItem("Name", c.name),
		widget.NewFormItem("Email address", c.address),
		widget.NewFormItem("Password", c.password),
	)
	title := widget.NewLabelWithStyle("Add a mail account", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.box = container.NewVBox(title, form, c.problem, container.NewHBox(c.next))
}

func (v *View) applyCredentials(s wizard.State) {
	c := &v.cred
	setText(c.name, s.Name)
	setText(c.address, s.Address)
	c.problem.Objects = nil
	if s.AddressError != nil {
		c.problem.Objects = []fyne.CanvasObject{explainview.New(*s.AddressError, v.app.Clipboard()).Content}
	}
	c.problem.Refresh()
}

// setText changes an entry only when the text differs, so the cursor of
// what the user is typing is not disturbed.
func setText(e *widget.Entry, s string) {
	if e.Text != s {
		e.SetText(s)
	}
}
