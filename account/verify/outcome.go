package verify

import (
	"errors"
	"strings"

	"wren/account"
	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
)

// Outcome is the category of a probe (autodiscovery.md §2.4). Discovery
// ranks candidates by it and the wizard picks its next screen from it.
type Outcome string

const (
	OutcomeOK               Outcome = "ok"
	OutcomeRefused          Outcome = "refused"
	OutcomeTimeout          Outcome = "timeout"
	OutcomeTLSUntrusted     Outcome = "tls-untrusted"
	OutcomeTLSName          Outcome = "tls-name"
	OutcomeTLSExpired       Outcome = "tls-expired"
	OutcomeNoSTARTTLS       Outcome = "no-starttls"
	OutcomeSTARTTLSFailed   Outcome = "starttls-failed"
	OutcomeProtocolMismatch Outcome = "protocol-mismatch"
	OutcomePreauthRejected  Outcome = "preauth-rejected"
	// OutcomeTLSFailed is a handshake that failed for a reason other than
	// the certificate (no common version, a client certificate wanted).
	OutcomeTLSFailed Outcome = "tls-failed"
	// OutcomeUnreachable is a name that does not resolve or has no route.
	OutcomeUnreachable Outcome = "unreachable"
	// OutcomeFailed is any other failure; the error says which.
	OutcomeFailed Outcome = "failed"
)

// CertProblem reports whether o is a certificate failure, the only kind
// the user may resolve by trusting the certificate (§2.6.3).
func (o Outcome) CertProblem() bool {
	switch o {
	case OutcomeTLSUntrusted, OutcomeTLSName, OutcomeTLSExpired:
		return true
	}
	return false
}

// outcomeOf sorts a probe failure of s into its category, by catalog code
// first and by the protocol packages' sentinel errors where one code covers
// two outcomes.
func outcomeOf(s account.Server, err error) Outcome {
	if errors.Is(err, imap.ErrPreauth) {
		return OutcomePreauthRejected
	}
	te, ok := transport.As(err)
	if !ok {
		return OutcomeFailed
	}
	switch te.Code {
	case transport.CodeRefused:
		return OutcomeRefused
	case transport.CodeConnectTimeout, transport.CodeReadTimeout, transport.CodePlainToTLSPort:
		return OutcomeTimeout
	case transport.CodeCertUnknownCA, transport.CodeCertChanged:
		return OutcomeTLSUntrusted
	case transport.CodeCertWrongHost:
		return OutcomeTLSName
	case transport.CodeCertExpired, transport.CodeCertNotYetValid:
		return OutcomeTLSExpired
	case transport.CodeNoSTARTTLS, transport.CodeSTARTTLSTemporary:
		if notOffered(te, err) {
			return OutcomeNoSTARTTLS
		}
		return OutcomeSTARTTLSFailed
	case transport.CodeTLSToPlainPort:
		if s.Security == transport.SecuritySTARTTLS {
			// The server said yes to STARTTLS and then spoke plaintext.
			return OutcomeSTARTTLSFailed
		}
		return OutcomeProtocolMismatch
	case transport.CodeWrongProtocol:
		return OutcomeProtocolMismatch
	case transport.CodeClosed:
		if unparsableGreeting(te) {
			return OutcomeProtocolMismatch
		}
	case transport.CodeTLSVersion, transport.CodeTLSOldRefused, transport.CodeClientCertRequired:
		return OutcomeTLSFailed
	case transport.CodeHostNotFound, transport.CodeDNSTemporary, transport.CodeUnreachable:
		return OutcomeUnreachable
	}
	return OutcomeFailed
}

// unparsableGreeting recognises go-imap's parse failure of a greeting
// over implicit TLS ("220 …" from an SMTP server): go-imap flattens it to
// text, which transport/imap classifies as a closed connection.
func unparsableGreeting(te *transport.Error) bool {
	return te.Protocol == transport.ProtoIMAP && te.Step == transport.StepGreeting && te.Err != nil &&
		strings.Contains(te.Err.Error(), "before greeting: in response")
}

// notOffered tells "the server has no STARTTLS" from "it refused or broke
// the upgrade": POP3 says so with a sentinel, SMTP leaves the reply empty
// when EHLO lacked the extension, and IMAP answers an unknown command BAD.
func notOffered(te *transport.Error, err error) bool {
	switch te.Protocol {
	case transport.ProtoPOP3:
		return errors.Is(err, pop3.ErrSTLSUnavailable)
	case transport.ProtoSMTP:
		return te.ServerCode == ""
	case transport.ProtoIMAP:
		return te.ServerCode == "BAD"
	}
	return false
}
