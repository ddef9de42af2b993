package setup

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/wizard"
	"wren/ui/explainview"
)

// settings is step 3: the servers, editable, and what needs consent.
type settings struct {
	box            *fyne.Container
	in, out        *serverForm
	warnings       *fyne.Container
	checks         []*widget.Check // one per confirmation, in state order
	problems       *fyne.Container
	verify, back   *widget.Button
	signIn         *widget.Button  // "Sign in with …", when offered
	domainHeadings []*widget.Label // the registrable domain of each warning
}

func (v *View) buildSettings() {
	s := &v.settings
	s.in = newServerForm("Incoming mail", true, v.pushForms)
	s.out = newServerForm("Outgoing mail (SMTP)", false, v.pushForms)
	s.warnings = container.NewVBox()
	s.problems = container.NewVBox()
	s.verify = widget.NewButton("Continue", func() {
		v.pushForms()
		v.wiz.Continue()
	})
	s.verify.Importance = widget.HighImportance
	s.back = widget.NewButton("Back", v.wiz.Back)
	s.signIn = widget.NewButton("Sign in", func() {
		v.pushForms()
		v.wiz.SignIn()
	})
	s.signIn.Hide()
	title := widget.NewLabelWithStyle("Your mail server settings", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.box = container.NewVBox(title, s.problems, s.in.box, s.out.box, s.warnings, container.NewHBox(s.back, s.verify, s.signIn))
}

// pushForms hands the user's edits to the wizard.
func (v *View) pushForms() {
	if v.applying {
		return
	}
	v.wiz.SetIncoming(v.settings.in.get(account.IMAP))
	v.wiz.SetOutgoing(v.settings.out.get(account.SMTP))
}

func (v *View) applySettings(st wizard.State, entering bool) {
	s := &v.settings
	s.in.set(st.Incoming, entering)
	s.out.set(st.Outgoing, entering)

	s.problems.Objects = nil
	for _, e := range st.Problems {
		s.problems.Add(explainview.New(e, v.app.Clipboard()).Content)
	}
	s.problems.Refresh()

	s.warnings.Objects, s.checks, s.domainHeadings = nil, nil, nil
	for i, c := range st.Confirmations {
		s.warnings.Add(v.confirmCard(i, c, st.AddressDomain))
	}
	s.warnings.Refresh()
	if st.CanContinue() {
		s.verify.Enable()
		s.signIn.Enable()
	} else {
		s.verify.Disable()
		s.signIn.Disable()
	}
	// Offered, the browser sign-in is the way; the password check stays
	// for providers that also take app passwords.
	showIf(s.signIn, st.SignInWith != "")
	s.signIn.SetText("Sign in with " + st.SignInWith)
	s.verify.SetText("Continue")
	s.verify.Importance = widget.HighImportance
	if st.SignInWith != "" {
		s.verify.SetText("Use a password instead")
		s.verify.Importance = widget.MediumImportance
		s.signIn.Importance = widget.HighImportance
	}
	s.verify.Refresh()
	s.signIn.Refresh()
}

// confirmCard shows one thing to consent to, with the owner of the host
// in large type: the decision is about who gets the password.
func (v *View) confirmCard(i int, c wizard.Confirmation, own string) fyne.CanvasObject {
	s := &v.settings
	domain := widget.NewLabelWithStyle(c.Domain, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	domain.SizeName = theme.SizeNameSubHeadingText
	s.domainHeadings = append(s.domainHeadings, domain)
	lines := []fyne.CanvasObject{domain}
	switch c.Kind {
	case wizard.ConfirmHost:
		lines = append(lines, wrapped(fmt.Sprintf("The server %s is run by %s, not by %s: %s.", c.Host, c.Domain, own, c.Reason)))
	case wizard.ConfirmPlaintext:
		lines = append(lines, wrapped(fmt.Sprintf("%s: %s.", c.Host, c.Reason)))
	case wizard.ConfirmCert:
		lines = append(lines, wrapped(fmt.Sprintf("%s: %s.", c.Host, c.Reason)),
			mono("Fingerprint (SHA-256): "+c.Fingerprint))
		if ct := c.Cert; ct != nil {
			lines = append(lines,
				mono("Subject: "+ct.Subject),
				mono("Issuer: "+ct.Issuer),
				mono("Names: "+strings.Join(ct.SANs, ", ")),
				mono("Valid: "+ct.NotBefore.Format("2006-01-02")+" to "+ct.NotAfter.Format("2006-01-02")))
		}
	}
	check := widget.NewCheck(confirmWords(c), func(on bool) {
		if !v.applying {
			v.wiz.Accept(i, on)
		}
	})
	check.SetChecked(c.Accepted)
	s.checks = append(s.checks, check)
	lines = append(lines, check)
	return widget.NewCard("", "Needs your confirmation", container.NewVBox(lines...))
}

func confirmWords(c wizard.Confirmation) string {
	switch c.Kind {
	case wizard.ConfirmCert:
		return "I checked this fingerprint; trust this certificate for " + c.Host
	case wizard.ConfirmPlaintext:
		return "Use this unencrypted connection anyway"
	}
	return "I trust " + c.Domain + " with my password"
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func mono(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	l.Wrapping = fyne.TextWrapBreak
	return l
}
