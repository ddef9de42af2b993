package compose

import (
	"slices"

	"wren/account"
)

// SetAccounts sets the accounts new composers offer as From (after an
// account was added, changed or removed in the running window). An open
// composer keeps its choices: its draft is never lost, and sending from
// a removed account says so. Call it on the UI goroutine.
func (m *Manager) SetAccounts(accts []account.Account) {
	m.deps.Accounts = accts
}

// hasAccount tells whether name is one of accts.
func hasAccount(accts []account.Account, name string) bool {
	return slices.ContainsFunc(accts, func(a account.Account) bool { return a.Name == name })
}

// heldWords is the state of a message whose account was removed: it is
// kept, unsent, until an account of that name comes back.
func heldWords(name string) string {
	return "Held until " + name + " is added again"
}
