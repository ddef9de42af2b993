package wizard

import (
	"slices"
	"time"

	"wren/account"
	"wren/account/explain"
	"wren/transport"
)

// Step is the screen the wizard is on (autodiscovery.md §7).
type Step int

const (
	StepCredentials Step = iota // name, address, password
	StepDiscovering             // sources running, with progress
	StepSettings                // settings found (editable) and warnings
	StepVerifying               // logging in to both servers
	StepResult                  // each side's result; Finish when both work
	StepSaving                  // keyring, then profile
	StepDone                    // saved
	StepSigningIn               // browser sign-in, token logins, saving
)

var stepNames = [...]string{"credentials", "discovering", "settings", "verifying", "result", "saving", "done", "signing-in"}

func (s Step) String() string {
	if int(s) < len(stepNames) {
		return stepNames[s]
	}
	return "step?"
}

// RowStatus is where one discovery source is.
type RowStatus int

const (
	RowRunning RowStatus = iota
	RowFound
	RowNothing
)

// SourceRow is one discovery source as the progress list shows it.
type SourceRow struct {
	Source account.Source
	Status RowStatus
}

// ServerForm is one server's editable settings.
type ServerForm struct {
	Protocol account.Protocol
	Host     string
	Port     int
	Security transport.Security
	Username string
	// Source is where the settings came from (manual once edited).
	Source account.Source
}

// ConfirmKind says what a confirmation is about.
type ConfirmKind int

const (
	ConfirmHost      ConfirmKind = iota + 1 // host outside the address's domain
	ConfirmCert                             // certificate that does not verify
	ConfirmPlaintext                        // unencrypted connection
)

// CertFacts are the certificate details a person checks before trusting.
type CertFacts struct {
	Subject, Issuer     string
	SANs                []string
	NotBefore, NotAfter time.Time
}

// Confirmation is one thing the user must accept before the password is
// sent.
type Confirmation struct {
	Kind ConfirmKind
	Host string
	// Domain is the registrable domain of Host (who really runs it),
	// shown prominently next to the address's own domain.
	Domain string
	Reason string
	// Fingerprint and Cert are set for ConfirmCert.
	Fingerprint string
	Cert        *CertFacts
	Accepted    bool
}

// Fix names what the user should correct after a failure.
type Fix int

const (
	FixNone     Fix = iota
	FixPassword     // back to the password
	FixSettings     // back to the server settings
)

// SideResult is one server's verification outcome.
type SideResult struct {
	Ran, OK bool
	// Username is the login that worked.
	Username string
	// Problem explains the failure (nil when OK or not run).
	Problem *explain.Explanation
}

// State is a snapshot of the wizard for a view to render. It never holds
// the password.
type State struct {
	// Seq increases with every change; a view drops older snapshots.
	Seq  uint64
	Step Step

	Name, Address string
	AddressDomain string
	// AddressError explains why the address was refused (step 1).
	AddressError *explain.Explanation
	HasPassword  bool

	Sources []SourceRow
	// ManualOffered: discovery is slow; "Configure manually" is shown.
	ManualOffered bool

	Incoming, Outgoing ServerForm
	// Confirmations must all be Accepted before Continue.
	Confirmations []Confirmation
	// Problems are failures not tied to one server (nothing found,
	// browser sign-in only, offline...).
	Problems []explain.Explanation

	In, Out SideResult
	Fix     Fix

	// SaveProblem is why saving failed; SessionOnlyOffered when the
	// keyring is the reason and the password may be kept for this
	// session instead.
	SaveProblem        *explain.Explanation
	SessionOnlyOffered bool
	SessionOnly        bool

	// SignInWith names the provider when browser sign-in is offered
	// instead of the password ("Sign in with Gmail"); SignInURL is its
	// page while StepSigningIn, to show and copy in case no browser
	// opened.
	SignInWith, SignInURL string

	// Saved is the account once StepDone.
	Saved *account.Account
}

// Explanations are the failures to show, most telling first: the run's
// own order, then a side's problem not already among them, then why
// saving failed.
func (s State) Explanations() []explain.Explanation {
	out := slices.Clone(s.Problems)
	for _, p := range []*explain.Explanation{s.In.Problem, s.Out.Problem, s.SaveProblem} {
		if p != nil && !slices.ContainsFunc(out, func(e explain.Explanation) bool {
			return e.Code == p.Code && e.Details.Server == p.Details.Server
		}) {
			out = append(out, *p)
		}
	}
	return mergeSides(out)
}

// CanContinue reports whether every confirmation was given.
func (s State) CanContinue() bool {
	for _, c := range s.Confirmations {
		if !c.Accepted {
			return false
		}
	}
	return s.Incoming.Host != "" && s.Outgoing.Host != "" && s.Incoming.Port > 0 && s.Outgoing.Port > 0
}
