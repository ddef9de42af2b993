package pop3

import (
	"errors"
	"strings"

	"wren/transport"
)

// Errors Wren raises itself. They are the Err of a *transport.Error.
var (
	// ErrPlaintextLogin refuses a login on an unencrypted connection: no
	// credential is ever sent in clear.
	ErrPlaintextLogin = errors.New("pop3: refusing to send credentials over an unencrypted connection")
	// ErrSTLSUnavailable means the server did not announce STLS.
	ErrSTLSUnavailable = errors.New("pop3: server does not offer STLS")
	// ErrSTLSRefused means the server answered STLS with -ERR.
	ErrSTLSRefused = errors.New("pop3: server refused STLS")
	// ErrGreetingRefused is a -ERR greeting received before TLS; its text
	// is not shown because it was not encrypted.
	ErrGreetingRefused = errors.New("pop3: server refused the connection before TLS")
	// ErrNotLoggedIn is returned by mailbox commands before Login.
	ErrNotLoggedIn = errors.New("pop3: not logged in")
	// ErrLoggedIn is returned by a second Login.
	ErrLoggedIn = errors.New("pop3: already logged in")
	// ErrBadCredential means a user name or password holds CR, LF or NUL,
	// which would let it inject commands.
	ErrBadCredential = errors.New("pop3: user name or password contains CR, LF or NUL")
	// ErrBadArgument is a message number below 1 or a negative line count.
	ErrBadArgument = errors.New("pop3: invalid message number or line count")
)

// ReplyError is a -ERR reply. Command is the verb only, never arguments
// (PASS would carry the password).
type ReplyError struct {
	Command string
	Code    string // extended response code, "" when none
	Text    string
}

func (e *ReplyError) Error() string {
	var b strings.Builder
	b.WriteString("pop3: ")
	b.WriteString(e.Command)
	b.WriteString(": -ERR")
	if e.Code != "" {
		b.WriteString(" [" + e.Code + "]")
	}
	if e.Text != "" {
		b.WriteString(" " + e.Text)
	}
	return b.String()
}

// serverCode is the ServerCode of a transport.Error: "-ERR" or "-ERR IN-USE".
func (e *ReplyError) serverCode() string {
	if e.Code == "" {
		return "-ERR"
	}
	return "-ERR " + e.Code
}

// classifyReply maps a -ERR reply to the catalog (errors.md §3.6): the
// extended code first, then known provider texts, then the command.
// authRespCode is the AUTH-RESP-CODE capability: a server that has it
// marks every credential problem with [AUTH], so an uncoded -ERR at login
// is not one (RFC 3206 §6).
func classifyReply(e *ReplyError, step transport.Step, authRespCode bool) transport.Code {
	text := strings.ToLower(e.Text)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	notEnabled := has("not enabled for pop", "enable your account for pop", "pop access is disabled", "pop3 is disabled")
	switch e.Code {
	case "AUTH":
		if has("plaintext authentication disallowed", "non-secure", "requires tls", "ssl/tls required") {
			return transport.CodePOPPrivacyRequired
		}
		return transport.CodePOPAuthFailed
	case "IN-USE":
		return transport.CodePOPInUse
	case "LOGIN-DELAY":
		return transport.CodePOPLoginDelay
	case "SYS/TEMP":
		return transport.CodePOPTemporary
	case "SYS/PERM":
		if notEnabled {
			return transport.CodePOPDisabled
		}
		return transport.CodePOPPermanent
	}
	switch {
	case notEnabled:
		return transport.CodePOPDisabled
	case has("maildrop is already locked", "unable to lock maildrop", "mailbox is locked", "maildrop locked", "in use"):
		return transport.CodePOPInUse
	case has("login limit", "login too soon", "too many logins", "login delay"):
		return transport.CodePOPLoginDelay
	}
	switch e.Command {
	case "USER", "PASS", "AUTH":
		if step == transport.StepAuth && !authRespCode {
			return transport.CodePOPAuthFailed
		}
	case "RETR", "DELE", "TOP", "LIST", "UIDL":
		if has("no such message", "no message", "already deleted", "marked as deleted", "does not exist", "doesn't exist", "invalid message", "unknown message") {
			return transport.CodePOPNoSuchMessage
		}
	}
	switch e.Command {
	case "UIDL", "TOP", "CAPA", "STLS":
		return transport.CodePOPUnsupported
	}
	return transport.CodePOPFailed
}

// replyError builds the catalog error of a -ERR reply.
func (c *Client) replyError(e *ReplyError, step transport.Step) *transport.Error {
	code := classifyReply(e, step, c.caps.AuthRespCode())
	info, _ := transport.Lookup(code)
	return &transport.Error{
		Code: code, Protocol: transport.ProtoPOP3, Server: c.ep.Address(), Step: step,
		ServerCode: e.serverCode(), ServerText: e.Text, Retry: info.Retry, Err: e,
	}
}

// newError builds a catalog error Wren raises itself.
func (c *Client) newError(code transport.Code, step transport.Step, err error) *transport.Error {
	info, _ := transport.Lookup(code)
	return &transport.Error{Code: code, Protocol: transport.ProtoPOP3, Server: c.ep.Address(), Step: step,
		Retry: info.Retry, Err: err}
}
