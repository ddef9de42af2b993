package mailview

import "wren/account/imapsync"

// The demo's tour (and its screenshots) drive the window the way a person
// would; these are the two steps it needs beyond clicks.

// OpenFirst searches the local index and opens the first result.
func (v *View) OpenFirst(query string) {
	v.openFirst = true
	v.runSearch(query)
}

// ShowFailure puts err on the account's status line and opens its
// explanation, as a click on "What happened?" does.
func (v *View) ShowFailure(account string, err error) {
	v.applyStatus(account, imapsync.Status{State: imapsync.StateError, Err: err})
	if l := v.status.lines[account]; l != nil {
		v.status.explain(l)
	}
}
