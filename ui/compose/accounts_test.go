package compose

import (
	"testing"

	"wren/account"
)

// A composer opened after an account was added offers it as From; after
// it was removed, not any more.
func TestFromFollowsAccounts(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	from := func() []string {
		m.New()
		w := ev.opened(t)
		var names []string
		for _, c := range w.choices {
			names = append(names, c.account+" "+c.id.Address)
		}
		return names
	}
	added := append(testAccounts(), account.Account{Name: "Club", Address: "me@club.example"})
	onUI(m, func() { m.SetAccounts(added) })
	if got := from(); len(got) != 4 || got[3] != "Club me@club.example" {
		t.Fatalf("From after adding: %q", got)
	}
	onUI(m, func() { m.SetAccounts(added[1:]) })
	if got := from(); len(got) != 2 || got[0] != "Home me@home.example" {
		t.Fatalf("From after removing Work: %q", got)
	}
}
