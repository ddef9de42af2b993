// Package account holds the vocabulary of Wren's accounts: what an account
// is, where each of its settings came from, and the sentinel errors the
// account packages share. It does no I/O; loading, discovery, verification
// and secrets live in the sub-packages.
package account

import (
	"fmt"
	"strings"
	"time"

	"wren/transport"
)

// Protocol names a mail protocol.
type Protocol string

const (
	IMAP Protocol = "imap"
	POP3 Protocol = "pop3"
	SMTP Protocol = "smtp"
)

// Source says where a server setting came from (autodiscovery.md §2.2).
type Source string

const (
	SourceOverride   Source = "override"   // local override file
	SourceAutoconfig Source = "autoconfig" // https://autoconfig.D/…
	SourceWellKnown  Source = "well-known" // https://D/.well-known/…
	SourceISPDB      Source = "ispdb"      // Thunderbird's ISPDB
	SourceBuiltin    Source = "builtin"    // the embedded provider table
	SourceMX         Source = "mx"         // found through the domain's MX
	SourceSRV        Source = "srv"        // RFC 6186/8314 SRV records
	SourceHTTP       Source = "http"       // plain-HTTP autoconfig
	SourceGuess      Source = "guess"      // probed guessed host names
	SourceManual     Source = "manual"     // typed by the user
)

// AuthMethod is how Wren logs in to a server.
type AuthMethod string

const (
	AuthPassword AuthMethod = "password" // PLAIN/LOGIN/USER-PASS over TLS
	AuthNone     AuthMethod = "none"     // outgoing without login
	AuthOAuth2   AuthMethod = "oauth2"   // browser sign-in; not supported yet
)

// Server is one server's settings as saved.
type Server struct {
	Protocol Protocol           `json:"protocol"`
	Host     string             `json:"host"`
	Port     int                `json:"port"`
	Security transport.Security `json:"security"`
	Username string             `json:"username,omitempty"`
	Auth     AuthMethod         `json:"auth"`
	Source   Source             `json:"source"`
	// Pin is set only when the user accepted this server's certificate at
	// setup: transport.Fingerprint of its public key.
	Pin string `json:"pin,omitempty"`
}

// Endpoint is where the transport dials for s.
func (s Server) Endpoint() transport.Endpoint {
	return transport.Endpoint{Host: s.Host, Port: s.Port, Security: s.Security, Username: s.Username}
}

func (s Server) String() string {
	return fmt.Sprintf("%s %s:%d (%s)", s.Protocol, s.Host, s.Port, s.Security)
}

// Identity is one From the user sends as.
type Identity struct {
	Name      string `json:"name"`
	Address   string `json:"address"`
	Signature string `json:"signature,omitempty"`
}

// POP3Options are what a POP3 account does with mail on the server.
type POP3Options struct {
	// LeaveOnServer keeps downloaded mail on the server (the default).
	LeaveOnServer bool `json:"leave_on_server"`
	// DeleteAfterDays, when > 0 and LeaveOnServer, deletes downloaded mail
	// from the server after that many days.
	DeleteAfterDays int `json:"delete_after_days,omitempty"`
}

// Account is one configured mail account. Its password is never here: it
// lives in the OS keyring under SecretKey.
type Account struct {
	// Name is the account's unique, user-visible name (the address unless
	// the user chose another).
	Name       string      `json:"name"`
	Address    string      `json:"address"`
	Identities []Identity  `json:"identities"`
	Incoming   Server      `json:"incoming"`
	Outgoing   Server      `json:"outgoing"`
	POP3       POP3Options `json:"pop3,omitzero"`
	// DNS, when set, is the HOST:PORT resolver every lookup for this
	// account goes to (the --dns option it was created with).
	DNS     string    `json:"dns,omitempty"`
	Created time.Time `json:"created"`
}

// SecretKey is the keyring entry (service "wren") of one server's password.
func (a *Account) SecretKey(s Server) string {
	return strings.ToLower(s.Username + "@" + s.Host + ":" + fmt.Sprint(s.Port) + "/" + string(s.Protocol) + "#" + a.Name)
}
