// Package transport holds the vocabulary shared by Wren's protocol clients:
// where a server is (Endpoint), how to reach it securely (Options, Dial,
// StartTLS) and what went wrong (Error with a stable catalog Code).
//
// The clients themselves live in sub-packages: transport/smtp, transport/imap,
// transport/pop3, and the message codec in transport/message. Nothing here
// knows about accounts or the GUI.
package transport

import (
	"fmt"
	"net"
	"strconv"
)

// Security is how a connection is protected. It is pinned per account and
// never changed by the transport: a failure is an error, never a retry on a
// weaker mode.
type Security int

const (
	// SecurityTLS is implicit TLS from the first byte (465, 993, 995).
	SecurityTLS Security = iota + 1
	// SecuritySTARTTLS upgrades a plaintext connection; the upgrade is
	// required and credentials are sent only after it succeeded.
	SecuritySTARTTLS
	// SecurityPlain sends everything in clear. Only when the user chose it
	// explicitly; credentials are still never sent over it.
	SecurityPlain
)

func (s Security) String() string {
	switch s {
	case SecurityTLS:
		return "tls"
	case SecuritySTARTTLS:
		return "starttls"
	case SecurityPlain:
		return "plain"
	}
	return "unknown(" + strconv.Itoa(int(s)) + ")"
}

// ParseSecurity is the inverse of Security.String.
func ParseSecurity(s string) (Security, error) {
	switch s {
	case "tls", "ssl":
		return SecurityTLS, nil
	case "starttls":
		return SecuritySTARTTLS, nil
	case "plain", "none":
		return SecurityPlain, nil
	}
	return 0, fmt.Errorf("unknown security %q (want tls, starttls or plain)", s)
}

// Endpoint is one server of one protocol.
type Endpoint struct {
	Host     string
	Port     int
	Security Security
	Username string
}

// Address is host:port, with brackets for IPv6 literals.
func (e Endpoint) Address() string {
	return net.JoinHostPort(e.Host, strconv.Itoa(e.Port))
}

func (e Endpoint) String() string {
	return e.Address() + " (" + e.Security.String() + ")"
}

// Validate reports settings that cannot work before anything is dialled.
func (e Endpoint) Validate() error {
	if e.Host == "" {
		return fmt.Errorf("no server name")
	}
	if e.Port <= 0 || e.Port > 65535 {
		return fmt.Errorf("port %d out of range", e.Port)
	}
	switch e.Security {
	case SecurityTLS, SecuritySTARTTLS, SecurityPlain:
	default:
		return fmt.Errorf("security not set")
	}
	return nil
}

// MarshalText stores a Security by name ("tls", "starttls", "plain").
func (s Security) MarshalText() ([]byte, error) {
	switch s {
	case SecurityTLS, SecuritySTARTTLS, SecurityPlain:
		return []byte(s.String()), nil
	}
	return nil, fmt.Errorf("invalid security %d", int(s))
}

// UnmarshalText reads what MarshalText wrote.
func (s *Security) UnmarshalText(b []byte) error {
	v, err := ParseSecurity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
