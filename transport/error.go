package transport

import (
	"errors"
	"fmt"
	"strings"
)

// Protocol names the protocol an Error came from.
type Protocol string

const (
	ProtoSMTP Protocol = "smtp"
	ProtoIMAP Protocol = "imap"
	ProtoPOP3 Protocol = "pop3"
	// ProtoOAuth is the provider's authorization server (sign-in in the
	// browser and token refresh), not a mail server.
	ProtoOAuth Protocol = "oauth"
)

// Step is the stage of a session that failed. The same reply means different
// things at different steps (550 after MAIL FROM is the sender, after RCPT TO
// the recipient), so it is kept with every error.
type Step string

const (
	StepConnect  Step = "connect"
	StepTLS      Step = "tls"
	StepGreeting Step = "greeting"
	StepSTARTTLS Step = "starttls"
	StepAuth     Step = "auth"
	StepCommand  Step = "command"
	StepMail     Step = "mail-from"
	StepRcpt     Step = "rcpt-to"
	StepData     Step = "data"
	StepFetch    Step = "fetch"
	StepAppend   Step = "append"
	StepPrecheck Step = "precheck"
	// StepAuthorize is the browser's answer to a sign-in; StepToken a
	// request to the provider's token endpoint.
	StepAuthorize Step = "authorize"
	StepToken     Step = "token"
)

// Error is every failure the transport reports. It carries what the account
// layer needs to explain the failure and decide what to do with a message.
type Error struct {
	Code     Code
	Protocol Protocol
	Server   string // host:port
	Step     Step
	// ServerCode is the server's status: "550 5.1.1" (SMTP),
	// "NO AUTHENTICATIONFAILED" (IMAP), "-ERR IN-USE" (POP3).
	ServerCode string
	// ServerText is the server's own words, verbatim.
	ServerText string
	// Recipient names the address a per-recipient failure is about.
	Recipient string
	// Retry says whether trying again may help.
	Retry Retry
	// MaybeSent is true when the message may already have been accepted:
	// the connection failed after the end of DATA.
	MaybeSent bool
	// Err is the underlying error, kept for errors.As/Is and the details view.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	if e.Protocol != "" {
		b.WriteString(" ")
		b.WriteString(string(e.Protocol))
	}
	if e.Server != "" {
		b.WriteString(" ")
		b.WriteString(e.Server)
	}
	if e.Step != "" {
		b.WriteString(" at ")
		b.WriteString(string(e.Step))
	}
	if e.Recipient != "" {
		fmt.Fprintf(&b, " <%s>", e.Recipient)
	}
	if e.ServerCode != "" || e.ServerText != "" {
		b.WriteString(": server said ")
		b.WriteString(strings.TrimSpace(e.ServerCode + " " + e.ServerText))
	} else if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Temporary reports whether a retry can help (now or later).
func (e *Error) Temporary() bool { return e.Retry != RetryNo }

// Is lets errors.Is(err, &Error{Code: X}) match on the code alone.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code != "" && t.Code == e.Code && t.Err == nil
}

// CodeOf returns the catalog code of err, or "" if it carries none.
func CodeOf(err error) Code {
	var te *Error
	if errors.As(err, &te) {
		return te.Code
	}
	return ""
}

// As returns err's *Error, if any.
func As(err error) (*Error, bool) {
	var te *Error
	ok := errors.As(err, &te)
	return te, ok
}

// WithProtocol fills in the protocol and server of a transport Error that
// lacks them (errors from Dial know neither the protocol nor always the
// server), and returns err unchanged otherwise.
func WithProtocol(err error, p Protocol, server string) error {
	if te, ok := As(err); ok {
		if te.Protocol == "" {
			te.Protocol = p
		}
		if te.Server == "" {
			te.Server = server
		}
	}
	return err
}
