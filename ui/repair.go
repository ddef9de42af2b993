package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"wren/account"
	"wren/account/profile"
	setupui "wren/ui/setup"
)

// repairProfile is the account file as the wizard sees it while
// repairing: the account it finishes replaces the old one's servers and
// keeps its identities, signatures and POP3 options.
type repairProfile struct {
	p   *profile.Profile
	old account.Account
}

func (r repairProfile) Add(a account.Account) error {
	if !strings.EqualFold(a.Name, r.old.Name) {
		return r.p.Add(a) // renamed in the wizard: a new account
	}
	merged := r.old
	merged.Address = a.Address
	merged.Incoming, merged.Outgoing = a.Incoming, a.Outgoing
	if a.Incoming.Protocol != r.old.Incoming.Protocol {
		merged.POP3 = a.POP3
	}
	if err := r.p.Update(merged); err != nil {
		return fmt.Errorf("repairing %q: %w", r.old.Name, err)
	}
	return nil
}

// openRepair runs the setup wizard again for acct: discovery and
// verification from its address, with its name kept. onDone (may be nil)
// runs on the UI goroutine once the repaired account is saved.
func openRepair(a fyne.App, acct account.Account, prof *profile.Profile, wiz func(setupui.Deps) setupui.Deps, onDone func()) {
	var w fyne.Window
	w = setupui.NewWindow(a, wiz(setupui.Deps{
		Profile: repairProfile{p: prof, old: acct},
		DNS:     acct.DNS,
		OnDone: func(account.Account) {
			w.Close()
			if onDone != nil {
				onDone()
			}
		},
	}))
	w.SetTitle("Repair " + acct.Name)
	prefill(w.Content(), map[string]string{
		"you@example.com":                 acct.Address,
		"Your name, as recipients see it": acct.Name,
	})
	w.Show()
}

// prefill types known values into the wizard's first page, found by
// their placeholders (the wizard has no prefill option of its own).
func prefill(o fyne.CanvasObject, byPlaceholder map[string]string) {
	switch x := o.(type) {
	case *widget.Entry:
		if v, ok := byPlaceholder[x.PlaceHolder]; ok {
			x.SetText(v)
		}
	case *fyne.Container:
		for _, c := range x.Objects {
			prefill(c, byPlaceholder)
		}
	case *container.Scroll:
		prefill(x.Content, byPlaceholder)
	case *widget.Form:
		for _, it := range x.Items {
			prefill(it.Widget, byPlaceholder)
		}
	}
}
