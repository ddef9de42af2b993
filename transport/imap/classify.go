package imap

import (
	"errors"
	"strings"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
)

// classify turns an error of one step into a *transport.Error: the guard's
// verdict first (go-imap flattens the errors it gets from the connection
// into text), then IMAP status replies by response code and known provider
// texts (errors.md §2.5, §3.5), then the shared network rules. A lost
// connection after an untagged BYE carries the BYE text.
func (cl *Client) classify(err error, step transport.Step) error {
	if err == nil {
		return nil
	}
	server := cl.ep.Address()
	if te, ok := transport.As(err); ok {
		if te.Protocol == "" {
			te.Protocol = transport.ProtoIMAP
		}
		if te.Server == "" {
			te.Server = server
		}
		return err
	}
	if gerr := cl.g.failure(); gerr != nil {
		return transport.Classify(gerr, transport.ProtoIMAP, server, step)
	}
	var ie *goimap.Error
	if errors.As(err, &ie) {
		code := imapCode(ie, step)
		info, _ := transport.Lookup(code)
		sc := string(ie.Type)
		if ie.Code != "" {
			sc += " " + string(ie.Code)
		}
		return &transport.Error{Code: code, Protocol: transport.ProtoIMAP, Server: server, Step: step,
			ServerCode: sc, ServerText: ie.Text, Retry: info.Retry, Err: err}
	}
	cerr := transport.Classify(err, transport.ProtoIMAP, server, step)
	if te, ok := transport.As(cerr); ok && (te.Code == transport.CodeClosed || te.Code == transport.CodeReset) {
		if bye := cl.g.lastBye(); bye != "" {
			// go-imap loses the BYE (even a greeting BYE, when its reader
			// ends first); the guard kept it.
			te.Code = transport.CodeIMAPBye
			if step == transport.StepGreeting {
				te.Code = transport.CodeIMAPRefused
			}
			te.ServerCode, te.ServerText = byeParts(bye)
			te.Retry = transport.RetryYes
		}
	}
	return cerr
}

// imapCode maps one NO/BAD/BYE reply at one step to the catalog.
func imapCode(e *goimap.Error, step transport.Step) transport.Code {
	text := strings.ToLower(e.Text)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	if e.Type == goimap.StatusResponseTypeBye {
		if step == transport.StepGreeting {
			return transport.CodeIMAPRefused
		}
		return transport.CodeIMAPBye
	}
	switch e.Code {
	case goimap.ResponseCodeAuthenticationFailed:
		return transport.CodeIMAPAuthFailed
	case goimap.ResponseCodeUnavailable:
		if has("maximum number of connections") {
			return transport.CodeIMAPTooMany
		}
		return transport.CodeIMAPUnavailable
	case goimap.ResponseCodeAuthorizationFailed:
		return transport.CodeIMAPAuthorization
	case goimap.ResponseCodeExpired:
		return transport.CodeIMAPExpired
	case goimap.ResponseCodePrivacyRequired:
		return transport.CodeIMAPPrivacyRequired
	case goimap.ResponseCodeContactAdmin:
		return transport.CodeIMAPContactAdmin
	case goimap.ResponseCodeOverQuota:
		if step == transport.StepFetch || has("bandwidth", "command") {
			return transport.CodeIMAPThrottled
		}
		return transport.CodeIMAPOverQuota
	case goimap.ResponseCodeTryCreate:
		return transport.CodeIMAPTryCreate
	case goimap.ResponseCodeNonExistent:
		return transport.CodeIMAPNonexistent
	case goimap.ResponseCodeAlreadyExists:
		return transport.CodeIMAPAlreadyExists
	case goimap.ResponseCodeNoPerm:
		return transport.CodeIMAPNoPerm
	case goimap.ResponseCodeInUse:
		return transport.CodeIMAPInUse
	case goimap.ResponseCodeCannot, goimap.ResponseCodeLimit, goimap.ResponseCodeTooBig:
		return transport.CodeIMAPCannot
	case goimap.ResponseCodeServerBug, goimap.ResponseCodeCorruption, goimap.ResponseCodeClientBug:
		return transport.CodeIMAPServerBug
	case "EXPUNGEISSUED":
		return transport.CodeIMAPExpungeIssued
	}

	// Provider texts, with or without [ALERT] (errors.md §3.5).
	switch {
	case has("application-specific password"):
		return transport.CodeIMAPAppPassword
	case has("log in via your web browser", "web login required"):
		return transport.CodeIMAPWebLogin
	case has("not enabled for imap", "imap access is disabled"):
		return transport.CodeIMAPDisabled
	case has("basic authentication is disabled"):
		return transport.CodeIMAPBasicAuthOff
	case has("authenticated but not connected"):
		return transport.CodeIMAPNotConnected
	case has("too many simultaneous connections", "maximum number of connections"):
		return transport.CodeIMAPTooMany
	case has("[throttled]", "bandwidth limits"):
		return transport.CodeIMAPThrottled
	case has("plaintext authentication"):
		return transport.CodeIMAPPrivacyRequired
	case has("could not be fetched"):
		return transport.CodeIMAPExpungeIssued
	case has("mailbox doesn't exist", "mailbox does not exist", "no such mailbox"):
		// Dovecot 2.3 says so on SELECT without [NONEXISTENT].
		return transport.CodeIMAPNonexistent
	}

	if step == transport.StepAuth {
		if e.Type == goimap.StatusResponseTypeBad && e.Code != goimap.ResponseCodeAlert {
			return transport.CodeIMAPServerBug
		}
		return transport.CodeIMAPAuthFailed
	}
	if e.Type == goimap.StatusResponseTypeBad {
		return transport.CodeIMAPServerBug
	}
	if e.Code == goimap.ResponseCodeAlert {
		return transport.CodeIMAPAlert
	}
	// A NO without a known code: the operation failed and the same request
	// will fail again.
	return transport.CodeIMAPCannot
}

// byeParts splits "[CODE] text" into "BYE CODE" and the text.
func byeParts(bye string) (code, text string) {
	if strings.HasPrefix(bye, "[") {
		if i := strings.IndexByte(bye, ']'); i > 0 {
			c, _, _ := strings.Cut(bye[1:i], " ")
			return "BYE " + upper(c), strings.TrimPrefix(bye[i+1:], " ")
		}
	}
	return "BYE", bye
}
