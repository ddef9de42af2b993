// Package testserver finds the real Dovecot and Postfix servers that
// `make test-servers` (.ci/test-servers) runs on the loopback interface, for
// tests of the protocol clients against real servers. It never starts or
// skips anything: when the servers are not running, Require fails the test
// and says how to start them.
//
// The servers listen on 127.0.0.2, not 127.0.0.1: Dovecot counts a
// connection whose client and server addresses are equal as secure and would
// then accept a password before STARTTLS. Take addresses from the Servers
// fields, never hard-code them.
package testserver

import (
	"crypto/x509"

	"wren/transport"
)

// Servers describes the running test servers. Endpoints have no Username:
// take one from NewUser.
type Servers struct {
	IMAPSTARTTLS   transport.Endpoint // Dovecot IMAP, STARTTLS required
	IMAPTLS        transport.Endpoint // Dovecot IMAP, implicit TLS
	POP3STARTTLS   transport.Endpoint // Dovecot POP3, STLS required
	POP3TLS        transport.Endpoint // Dovecot POP3, implicit TLS
	SubmitSTARTTLS transport.Endpoint // Postfix submission, STARTTLS + AUTH
	SubmitTLS      transport.Endpoint // Postfix submissions, implicit TLS + AUTH
	SubmitBig      transport.Endpoint // as SubmitTLS, taking messages up to 100 MiB
	// Domain is the mail domain Postfix delivers into Dovecot (LMTP).
	Domain string
	// RootCAs holds the test CA that signed the servers' certificate.
	RootCAs *x509.CertPool
	// CAFile is that CA in PEM (a process's SSL_CERT_FILE).
	CAFile string
	// Dir is the harness state directory (configs, logs).
	Dir string

	usersDir string // Dovecot's passwd-files, one per user: usersDir/Domain/Name
}

// User is a mailbox on the test servers. Address is Name@Domain; the
// username for IMAP, POP3 and SMTP AUTH is Address.
type User struct {
	Name, Address, Password string
}
