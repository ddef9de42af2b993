package compose

import "wren/account"

// SetAccounts sets the accounts new composers offer as From (after an
// account was added, changed or removed in the running window). An open
// composer keeps its choices: its draft is never lost, and sending from
// a removed account says so. Call it on the UI goroutine.
func (m *Manager) SetAccounts(accts []account.Account) {
	m.deps.Accounts = accts
}
