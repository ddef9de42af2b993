package setup

import (
	"wren/account"
	"wren/account/discover"
	"wren/account/verify"
)

// Choice is the server setup settled on for one side, and why.
type Choice struct {
	Server    account.Server
	Usernames []string
	Stated    bool
	Tier      discover.Tier
	Reason    string // why it needs confirmation (T2)
}

// Confirmation is a host waiting for the user's consent before it gets a
// password: a T2 host, or a certificate that does not verify.
type Confirmation struct {
	Host   string `json:"host"`
	Reason string `json:"reason"`
	// Fingerprint is set for a certificate decision: the value to pass
	// back in Request.TrustCerts (--trust-cert).
	Fingerprint string           `json:"fingerprint,omitempty"`
	Cert        *verify.CertInfo `json:"-"`
}

// Report is everything one setup run learned.
type Report struct {
	Address string
	// Incoming and Outgoing are the chosen servers (nil when none).
	Incoming, Outgoing *Choice
	// Discovery is the discovery result, nil when the user typed both
	// servers or discovery failed outright.
	Discovery *discover.Result
	// Probes are the connection tests made without a password (no
	// password given, or to find certificates to confirm).
	Probes []*verify.ProbeResult
	// Verify is the login verification, nil when none ran.
	Verify            *verify.Result
	NeedsConfirmation []Confirmation
	// Errors are the failures, most important first; callers explain them.
	Errors []error
	// OK: both servers work with the password (the account may be saved).
	OK bool
}

// Account is the account to save after an OK report. name "" means the
// address.
func (r *Report) Account(name, dns string) account.Account {
	if name == "" {
		name = r.Address
	}
	a := account.Account{
		Name:       name,
		Address:    r.Address,
		Identities: []account.Identity{{Address: r.Address}},
		DNS:        dns,
	}
	if r.Incoming != nil {
		a.Incoming = r.Incoming.Server
		if r.Verify != nil && r.Verify.IncomingUsername != "" {
			a.Incoming.Username = r.Verify.IncomingUsername
		}
		if a.Incoming.Protocol == account.POP3 {
			a.POP3 = account.POP3Options{LeaveOnServer: true}
		}
	}
	if r.Outgoing != nil {
		a.Outgoing = r.Outgoing.Server
		if r.Verify != nil && r.Verify.OutgoingUsername != "" {
			a.Outgoing.Username = r.Verify.OutgoingUsername
		}
	}
	return a
}
