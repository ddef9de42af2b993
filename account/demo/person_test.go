package demo

import (
	"bytes"
	"testing"
	"time"

	"wren/account/internal/mailgen"
	"wren/transport/rfc822"
)

// The demo is one person: the account's identity, the built-in mail and
// the generated mailbox all name the same owner of the same address.
func TestDemoIsOnePerson(t *testing.T) {
	owner := mailgen.Demo().Owner
	if owner.Name != Name || owner.Address != Address {
		t.Errorf("generated mail belongs to %q <%s>, the demo is %q <%s>", owner.Name, owner.Address, Name, Address)
	}
	for _, id := range (&Demo{}).account().Identities {
		if id.Name != Name || id.Address != Address {
			t.Errorf("identity %q <%s>", id.Name, id.Address)
		}
	}
	check := func(where string, raw []byte) {
		m, err := rfc822.Parse(bytes.NewReader(raw), rfc822.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		for _, a := range append(append(append([]rfc822.Address{}, m.From...), m.To...), m.Cc...) {
			if a.Address == Address && a.Name != Name {
				t.Errorf("%s names the demo's address %q", where, a.Name)
			}
		}
	}
	for m := range Builtin().Messages() {
		check("built-in "+m.Folder, m.Raw)
	}
	n := 0
	for m := range mailgen.DemoMessages(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		if n++; n > 40 {
			break
		}
		check("generated "+m.Folder, m.Raw)
	}
}
