package discover

import (
	"time"

	"wren/account"
	"wren/assets/providers"
)

// Tier is how much a candidate is trusted (autodiscovery.md §2.7).
type Tier int

const (
	// T1: a summary and one click; the source vouches for the hosts.
	T1 Tier = 1
	// T2: the user must confirm before any password is sent (Reason says
	// why).
	T2 Tier = 2
)

func (t Tier) String() string {
	if t == T1 {
		return "T1"
	}
	return "T2"
}

// Candidate is one server setting a source proposed.
type Candidate struct {
	// Server has Source set; Username is Usernames[0] (empty when the
	// user must type it).
	Server account.Server
	// Usernames are the login names to try, in order, at most 2; empty
	// when a placeholder could not be resolved.
	Usernames []string
	// Stated is true when a config source stated the username form, so
	// the verifier may try both sides in parallel (§2.6.5).
	Stated bool
	Tier   Tier
	// Reason says why the candidate is T2 (empty for T1).
	Reason string
}

// Enable is a provider's "switch IMAP on first" instruction.
type Enable struct {
	URL         string
	Instruction string
}

// Doc is a provider's help page for mail clients.
type Doc struct {
	URL   string
	Descr string
}

// Attempt is one lookup made during discovery, for the log and the
// "what was tried" view.
type Attempt struct {
	Source   account.Source
	What     string // URL, DNS query or host:port
	Err      error  // nil when it gave something usable
	Duration time.Duration
}

// Failure is a server discovery tried and found unusable (a guessed host
// that answered without encryption, with a bad certificate, or not at
// all). Setup explains the best of them when a side has no candidate.
type Failure struct {
	// Server has Username set to Usernames[0], like a Candidate's.
	Server    account.Server
	Usernames []string
	// Incoming is the side the server was tried for.
	Incoming bool
	Err      error
}

// Result is what discovery found for one address. With ErrNotFound it
// still says what was tried (Tried, Failed).
type Result struct {
	Address Address
	// Incoming and Outgoing are best first; alternatives follow.
	Incoming, Outgoing []Candidate
	// Plaintext are unencrypted servers a config listed: never chosen
	// automatically, offered only in manual setup with a warning.
	Plaintext []Candidate
	// Provider is the embedded table's row for the domain or its MX.
	Provider *providers.Provider
	Enable   []Enable
	Docs     []Doc
	// NeedsOAuth: the chosen settings accept only browser sign-in.
	NeedsOAuth bool
	// Offline: the network was unreachable; the result (if any) comes
	// from offline sources only.
	Offline bool
	Tried   []Attempt
	// Failed are the servers probed and found unusable, in try order.
	Failed []Failure
}

// EventKind says what an Event reports.
type EventKind int

const (
	Started EventKind = iota + 1
	Finished
)

// Event is one progress report for the GUI: a source started or
// finished.
type Event struct {
	Source account.Source
	Kind   EventKind
	// Found is set on Finished when the source gave usable settings.
	Found bool
	Err   error
}
