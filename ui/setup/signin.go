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
	url           string
}

// newSignIn builds the box; cancel stops the sign-in.
func newSignIn(app fyne.App, cancel func()) *signIn {
	si := &signIn{}
	si.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	si.hint = wrapped("Finish signing in in your browser. If no browser opened, open this address:")
	si.address = mono("")
	si.copy = widget.NewButton("Copy address", func() {
		if si.url != "" {
			app.Clipboard().SetContent(si.url)
		}
	})
	si.cancel = widget.NewButton("Cancel", cancel)
	si.box = container.NewVBox(si.heading, widget.NewProgressBarInfinite(), si.hint, si.address,
		container.NewHBox(si.cancel, si.copy))
	si.show("", "")
	return si
}

// show names the provider and the page's address, once known.
func (si *signIn) show(provider, address string) {
	si.url = address
	si.heading.SetText("Signing in with " + provider + "…")
	if provider == "" {
		si.heading.SetText("Opening the sign-in page…")
	}
	si.address.SetText(address)
	showIf(si.hint, address != "")
	showIf(si.address, address != "")
	showIf(si.copy, address != "")
}

func (v *View) buildSignIn() {
	v.signIn = newSignIn(v.app, v.wiz.Cancel)
}

func (v *View) applySignIn(s wizard.State) {
	v.signIn.show(s.SignInWith, s.SignInURL)
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
