package explain

// Retry says whether trying the same thing again can help.
type Retry string

const (
	RetryAuto  Retry = "auto"  // transient: Wren may retry by itself
	RetryLater Retry = "later" // clears only after hours; don't hammer
	RetryNo    Retry = "no"    // fails again until something changes
)

// MessageFate is what happened to the message being sent, if any
// (errors.md §1: KEEP, KEEP+DUP, SENT, n/a).
type MessageFate string

const (
	MessageKept      MessageFate = "kept"       // not sent; kept for another try
	MessageMaybeSent MessageFate = "maybe-sent" // may have gone out: warn of a duplicate
	MessageSent      MessageFate = "sent"       // went out; only a later step failed
	MessageNone      MessageFate = "none"       // no message involved (reading, setup)
)

// Explanation is one failure in words for people.
type Explanation struct {
	// Code is the stable catalog code ("SMTP-05"), or one of this
	// package's codes for account errors ("KEY-02", "APP-00").
	Code        string `json:"code"`
	Title       string `json:"title"`
	Explanation string `json:"explanation"`
	Fix         string `json:"fix"`
	HelpURL     string `json:"help_url,omitempty"`
	Retry       Retry  `json:"retry"`
	// AutoRetry: Wren has a retry scheduled (Retry is RetryAuto and the
	// caller said Context.Retrying).
	AutoRetry bool        `json:"auto_retry,omitempty"`
	Message   MessageFate `json:"message"`
	Details   Details     `json:"details"`
	// Also is the other server's details when both failed the same way
	// and are shown as one explanation (a pointer keeps Explanation
	// comparable).
	Also *Details `json:"also,omitempty"`
}

// Operation is what the user was doing when the error happened; it decides
// what became of a message.
type Operation string

const (
	OpUnknown   Operation = ""
	OpSetup     Operation = "setup"      // adding or checking an account
	OpSend      Operation = "send"       // sending a message
	OpRead      Operation = "read"       // checking, reading or syncing mail
	OpSaveDraft Operation = "save-draft" // saving a draft on the server
)

// Provider is what the caller knows of the account's provider, so that a
// fix can name it and link to the right page.
type Provider struct {
	Name           string // "Gmail"
	AppPasswordURL string // where app passwords are made
	EnableURL      string // where IMAP/POP access is switched on
	HelpURL        string // the provider's mail-client help page
	OAuthOnly      bool   // only browser sign-in works for mail programs
	SignIn         bool   // Wren can sign in to it in the browser (OAuth)
}

// Context is what the caller knows beyond the error itself.
type Context struct {
	Operation Operation
	Provider  Provider
	// Retrying: a retry of this very work is scheduled (the sync
	// runner's reconnection, a queued send's next try). Only then do the
	// words say that Wren tries again by itself.
	Retrying bool
}
