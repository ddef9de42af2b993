package setup

import (
	"net/url"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account/wizard"
)

// signIn is the browser sign-in in progress: the provider's page to
// open by hand or copy when no browser opened, and Cancel.
type signIn struct {
	box           *fyne.Container
	heading, hint *widget.Label
	address       *widget.Label
	copy, cancel  *widget.Button
}

func (v *View) buildSignIn() {
	si := &v.signIn
	si.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	si.hint = wrapped("Finish signing in in your browser. If no browser opened, open this address:")
	si.address = mono("")
	si.copy = widget.NewButton("Copy address", func() {
		if v.state.SignInURL != "" {
			v.app.Clipboard().SetContent(v.state.SignInURL)
		}
	})
	si.cancel = widget.NewButton("Cancel", v.wiz.Cancel)
	si.box = container.NewVBox(si.heading, widget.NewProgressBarInfinite(), si.hint, si.address,
		container.NewHBox(si.cancel, si.copy))
}

func (v *View) applySignIn(s wizard.State) {
	si := &v.signIn
	si.heading.SetText("Signing in with " + s.SignInWith + "…")
	si.address.SetText(s.SignInURL)
	showIf(si.hint, s.SignInURL != "")
	showIf(si.address, s.SignInURL != "")
	showIf(si.copy, s.SignInURL != "")
}

// openURL opens the browser from the wizard's goroutine: fyne's OpenURL
// belongs on the UI goroutine.
func openURL(app fyne.App) func(string) {
	return func(raw string) {
		u, err := url.Parse(raw)
		if err != nil {
			return
		}
		fyne.Do(func() { _ = app.OpenURL(u) })
	}
}
