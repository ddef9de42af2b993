package settings

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/explain"
	appsettings "wren/account/settings"
)

// accountsTab lists the accounts and edits the chosen one.
type accountsTab struct {
	v      *View
	pick   *widget.Select
	form   *fyne.Container
	status *widget.Label
	box    fyne.CanvasObject

	cur       account.Account // as saved
	idents    []*identityForm
	in, out   *serverForm
	leave     *widget.Check
	days      *widget.Entry
	save      *widget.Button
	remove    *widget.Button
	repair    *widget.Button
	confirm   *dialog.ConfirmDialog // the last remove confirmation (tests)
	question  string                // its words (tests)
	identsBox *fyne.Container
}

type identityForm struct {
	name, address, signature *widget.Entry
	box                      fyne.CanvasObject
}

type serverForm struct {
	host, port, user *widget.Entry
	box              fyne.CanvasObject
}

func newAccountsTab(v *View) *accountsTab {
	t := &accountsTab{v: v, form: container.NewVBox(), status: note()}
	if v.d.Profile == nil {
		t.box = demoAccounts(v.d.AddAccount)
		return t
	}
	t.pick = widget.NewSelect(nil, func(name string) { t.show(name) })
	t.save = widget.NewButton("Save", t.doSave)
	t.save.Importance = widget.HighImportance
	t.remove = widget.NewButton("Remove account…", t.askRemove)
	t.repair = widget.NewButton("Repair…", func() {
		switch {
		case oauthAccount(t.cur) && v.d.SignInAgain != nil:
			v.d.SignInAgain(t.cur)
		case v.d.Repair != nil:
			v.d.Repair(t.cur)
		}
	})
	if v.d.Repair == nil {
		t.repair.Hide()
	}
	add := widget.NewButton("Add account…", func() {
		if v.d.AddAccount != nil {
			v.d.AddAccount()
		}
	})
	if v.d.AddAccount == nil {
		add.Hide()
	}
	buttons := container.NewHBox(t.save, t.repair, t.remove, layout.NewSpacer(), add)
	top := widget.NewForm(widget.NewFormItem("Account", t.pick))
	t.box = container.NewBorder(top, container.NewVBox(t.status, buttons), nil, nil, container.NewVScroll(t.form))
	t.reload("")
	return t
}

// reload lists the profile's accounts (in memory, no I/O) and shows one.
func (t *accountsTab) reload(show string) {
	accts := t.v.d.Profile.Accounts()
	var names []string
	for _, a := range accts {
		names = append(names, a.Name)
	}
	t.pick.SetOptions(names)
	switch {
	case len(names) == 0:
		t.pick.ClearSelected()
		t.form.Objects = []fyne.CanvasObject{widget.NewLabel("No accounts.")}
		t.form.Refresh()
		t.save.Disable()
		t.remove.Disable()
		t.repair.Disable()
	case show != "" && containsName(names, show):
		t.pick.SetSelected(show)
	default:
		t.pick.SetSelected(names[0])
	}
}

// demoAccounts is the demo's Accounts tab: nothing to change, and the
// way to add the user's own account (to the user's profile, never to the
// demo's throwaway one).
func demoAccounts(add func()) fyne.CanvasObject {
	box := container.NewVBox(widget.NewLabel("The demo account has no settings to change."))
	if add != nil {
		words := widget.NewLabel("Your own account goes to your profile, not to the demo, and opens in its own window beside it.")
		words.Wrapping = fyne.TextWrapWord
		box.Add(words)
		box.Add(container.NewHBox(widget.NewButton("Add account…", add)))
	}
	return box
}

// oauthAccount reports whether a signs in through the browser.
func oauthAccount(a account.Account) bool {
	return a.Incoming.Auth == account.AuthOAuth2 || a.Outgoing.Auth == account.AuthOAuth2
}

func containsName(names []string, n string) bool {
	for _, x := range names {
		if x == n {
			return true
		}
	}
	return false
}

// show fills the form with an account.
func (t *accountsTab) show(name string) {
	a, err := t.v.d.Profile.Get(name)
	if err != nil {
		t.status.SetText("This account is no longer in the profile.")
		return
	}
	t.cur = a
	t.status.SetText("")
	t.save.Enable()
	t.remove.Enable()
	t.repair.Enable()
	// A browser sign-in the provider revoked is fixed by signing in
	// again (OAUTH-01 names this button).
	t.repair.SetText("Repair…")
	if oauthAccount(a) {
		t.repair.SetText("Sign in again…")
	}

	t.idents = nil
	t.identsBox = container.NewVBox()
	for _, id := range a.Identities {
		t.addIdentity(id)
	}
	addID := widget.NewButton("Add identity", func() { t.addIdentity(account.Identity{}) })
	t.in = newServerForm(a.Incoming)
	t.out = newServerForm(a.Outgoing)
	bold := func(s string) *widget.Label {
		return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	objs := []fyne.CanvasObject{
		widget.NewLabel(a.Address),
		bold("Identities and signatures"), t.identsBox, container.NewHBox(addID),
		bold(fmt.Sprintf("Incoming (%s, %s)", strings.ToUpper(string(a.Incoming.Protocol)), securityWords(a.Incoming))), t.in.box,
		bold(fmt.Sprintf("Outgoing (SMTP, %s)", securityWords(a.Outgoing))), t.out.box,
	}
	if a.Incoming.Protocol == account.POP3 {
		t.leave = widget.NewCheck("Leave messages on the server", nil)
		t.leave.SetChecked(a.POP3.LeaveOnServer)
		t.days = widget.NewEntry()
		t.days.SetPlaceHolder("never")
		if a.POP3.DeleteAfterDays > 0 {
			t.days.SetText(strconv.Itoa(a.POP3.DeleteAfterDays))
		}
		objs = append(objs, bold("POP3"), t.leave,
			widget.NewForm(widget.NewFormItem("Delete from the server after (days)", t.days)))
	} else {
		t.leave, t.days = nil, nil
	}
	t.form.Objects = objs
	t.form.Refresh()
}

func securityWords(s account.Server) string {
	if s.Host == "" {
		return "not set"
	}
	return s.Security.String()
}

func (t *accountsTab) addIdentity(id account.Identity) {
	f := &identityForm{name: widget.NewEntry(), address: widget.NewEntry(), signature: widget.NewMultiLineEntry()}
	f.name.SetText(id.Name)
	f.address.SetText(id.Address)
	f.signature.SetText(id.Signature)
	f.signature.SetMinRowsVisible(3)
	f.signature.SetPlaceHolder("Signature (added below your messages)")
	f.box = widget.NewForm(
		widget.NewFormItem("Name", f.name),
		widget.NewFormItem("Address", f.address),
		widget.NewFormItem("Signature", f.signature))
	t.idents = append(t.idents, f)
	t.identsBox.Add(f.box)
}

func newServerForm(s account.Server) *serverForm {
	f := &serverForm{host: widget.NewEntry(), port: widget.NewEntry(), user: widget.NewEntry()}
	f.host.SetText(s.Host)
	if s.Port > 0 {
		f.port.SetText(strconv.Itoa(s.Port))
	}
	f.user.SetText(s.Username)
	f.box = widget.NewForm(
		widget.NewFormItem("Server", f.host),
		widget.NewFormItem("Port", f.port),
		widget.NewFormItem("User name", f.user))
	return f
}

func (f *serverForm) apply(s account.Server) (account.Server, error) {
	s.Host = strings.TrimSpace(f.host.Text)
	s.Username = strings.TrimSpace(f.user.Text)
	if s.Host != "" {
		p, err := strconv.Atoi(strings.TrimSpace(f.port.Text))
		if err != nil || p < 1 || p > 65535 {
			return s, fmt.Errorf("%w: the port must be a number from 1 to 65535", appsettings.ErrInvalid)
		}
		if p != s.Port || !strings.EqualFold(s.Host, f.host.Text) {
			s.Source = account.SourceManual
		}
		s.Port = p
	}
	return s, nil
}

// edited is the form's account.
func (t *accountsTab) edited() (account.Account, error) {
	a := t.cur
	a.Identities = nil
	for _, f := range t.idents {
		id := account.Identity{Name: strings.TrimSpace(f.name.Text), Address: strings.TrimSpace(f.address.Text), Signature: f.signature.Text}
		if id.Name == "" && id.Address == "" && id.Signature == "" {
			continue // an empty added row
		}
		a.Identities = append(a.Identities, id)
	}
	var err error
	if a.Incoming, err = t.in.apply(a.Incoming); err != nil {
		return a, err
	}
	if a.Outgoing, err = t.out.apply(a.Outgoing); err != nil {
		return a, err
	}
	if t.leave != nil {
		a.POP3.LeaveOnServer = t.leave.Checked
		a.POP3.DeleteAfterDays = 0
		if d := strings.TrimSpace(t.days.Text); d != "" {
			n, err := strconv.Atoi(d)
			if err != nil || n < 0 {
				return a, fmt.Errorf("%w: days must be a whole number", appsettings.ErrInvalid)
			}
			a.POP3.DeleteAfterDays = n
		}
	}
	return a, nil
}

// doSave writes the account off the UI goroutine.
func (t *accountsTab) doSave() {
	old := t.cur
	a, err := t.edited()
	if err != nil {
		t.problem(err)
		return
	}
	t.save.Disable()
	t.status.SetText("Saving…")
	v := t.v
	v.spawn(func() {
		ctx, cancel := context.WithTimeout(v.ctx, saveTimeout)
		defer cancel()
		err := appsettings.SaveAccount(ctx, v.d.Profile, v.d.Keys, old, a)
		fyne.Do(func() {
			t.save.Enable()
			if err != nil {
				t.problem(err)
				return
			}
			t.cur = a
			if v.d.OnAccountsChanged == nil {
				t.status.SetText("Saved. Server changes apply the next time Wren starts.")
				return
			}
			t.status.SetText("Saved. Wren reconnects with the new settings now.")
			v.d.OnAccountsChanged()
		})
	})
}

// problem says what went wrong in plain words.
func (t *accountsTab) problem(err error) {
	if errors.Is(err, appsettings.ErrInvalid) || errors.Is(err, appsettings.ErrRename) {
		_, words, _ := strings.Cut(err.Error(), ": ")
		t.status.SetText("Not saved: " + words + ".")
		return
	}
	t.v.log.Warn("saving the account failed", "err", err)
	e := explain.Explain(err, explain.Context{})
	t.status.SetText("Not saved. " + e.Title + " " + e.Fix)
}

// askRemove confirms, then removes the account and its passwords. What
// the account has waiting is counted first (off the UI goroutine), so
// the question can say what becomes of it.
func (t *accountsTab) askRemove() {
	name := t.cur.Name
	v := t.v
	if v.d.Pending == nil {
		t.confirmRemove(name, 0, 0)
		return
	}
	t.remove.Disable()
	v.spawn(func() {
		ctx, cancel := context.WithTimeout(v.ctx, saveTimeout)
		defer cancel()
		outbox, acts, err := v.d.Pending(ctx, name)
		if err != nil {
			v.log.Warn("counting what the account has waiting failed", "err", err)
			outbox, acts = -1, -1
		}
		fyne.Do(func() {
			t.remove.Enable()
			t.confirmRemove(name, outbox, acts)
		})
	})
}

// confirmRemove asks before removing name; outbox and actions are what it
// has waiting (-1: unknown).
func (t *accountsTab) confirmRemove(name string, outbox, actions int) {
	msg := fmt.Sprintf("Remove %s from Wren? Its saved password is deleted from the keyring. The mail stays on the server.", name) +
		removeWaiting(name, outbox, actions)
	w := t.v.window()
	t.question = msg
	t.confirm = dialog.NewConfirm("Remove account", msg, func(yes bool) {
		if yes {
			t.doRemove(name)
		}
	}, w)
	if w != nil {
		t.confirm.Show()
	}
}

// removeWaiting says what becomes of an account's waiting mail and
// changes: nothing is dropped, they wait for the account to come back.
func removeWaiting(name string, outbox, actions int) string {
	switch {
	case outbox < 0:
		return fmt.Sprintf("\n\nWren could not count what %s has waiting. Anything in the Outbox stays there unsent, and is sent if you add %s again.", name, name)
	case outbox == 0 && actions == 0:
		return ""
	}
	var parts []string
	if outbox > 0 {
		parts = append(parts, plural(outbox, "message", "messages")+" waiting in the Outbox")
	}
	if actions > 0 {
		parts = append(parts, plural(actions, "change", "changes")+" not yet on the server (read, flagged, moved or deleted)")
	}
	return fmt.Sprintf("\n\n%s has %s. Nothing is deleted: they stay in Wren, unsent, and go when you add %s again with the same name.",
		name, strings.Join(parts, " and "), name)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func (t *accountsTab) doRemove(name string) {
	v := t.v
	t.remove.Disable()
	v.spawn(func() {
		ctx, cancel := context.WithTimeout(v.ctx, saveTimeout)
		defer cancel()
		err := appsettings.RemoveAccount(ctx, v.d.Profile, v.d.Keys, name)
		fyne.Do(func() {
			t.remove.Enable()
			if err == nil || errors.Is(err, appsettings.ErrPasswordKept) {
				t.reload("")
			}
			switch {
			case errors.Is(err, appsettings.ErrPasswordKept):
				t.status.SetText(fmt.Sprintf("%s is removed, but its password could not be deleted from the keyring.", name))
			case err != nil:
				t.problem(err)
				return
			default:
				t.status.SetText(fmt.Sprintf("%s is removed.", name))
			}
			if v.d.OnAccountsChanged != nil {
				v.d.OnAccountsChanged()
			}
		})
	})
}
