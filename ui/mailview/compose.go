package mailview

import "wren/account/store"

// Composer opens the message composer; the session window sets it. Its
// methods run on the UI goroutine and must only open windows, not block.
type Composer interface {
	New()
	Reply(m store.Message, all bool)
	Forward(m store.Message)
	// ForwardAsAttachment forwards the whole original as an attached
	// message.
	ForwardAsAttachment(m store.Message)
	// EditDraft reopens a draft listed in a Drafts folder.
	EditDraft(m store.Message)
}

// Syncer asks an account's sync to run now ("Get mail"); *session.Session
// has it. SyncNow must not block.
type Syncer interface {
	SyncNow(account string) error
}

// Hooks are the window-level commands the view's menu offers but does not
// carry out itself. A nil hook leaves its menu item disabled.
type Hooks struct {
	Settings func()
	Quit     func()
	About    func()
	// AddAccount opens the setup wizard for one more account.
	AddAccount func()
}
