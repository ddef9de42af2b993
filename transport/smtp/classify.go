package smtp

import (
	"errors"
	"fmt"
	"strings"

	gosmtp "github.com/emersion/go-smtp"

	"wren/transport"
)

// classify turns any error of a session step into a *transport.Error:
// server replies by enhanced code, then basic code, then known provider
// texts (errors.md §2.5); everything else by the shared network rules.
func (cl *Client) classify(err error, step transport.Step) error {
	server := cl.ep.Address()
	var sr *starttlsRefused
	if errors.As(err, &sr) {
		te := &transport.Error{Code: transport.CodeNoSTARTTLS, Protocol: transport.ProtoSMTP, Server: server,
			Step: transport.StepSTARTTLS, Err: err}
		var se *gosmtp.SMTPError
		if errors.As(err, &se) {
			te.ServerCode, te.ServerText = replyCode(se), se.Message
			if se.Code == 454 {
				te.Code, te.Retry = transport.CodeSTARTTLSTemporary, transport.RetryYes
			}
		}
		return te
	}
	var se *gosmtp.SMTPError
	if errors.As(err, &se) {
		code, retry := classifyReply(se, step)
		return &transport.Error{Code: code, Protocol: transport.ProtoSMTP, Server: server, Step: step,
			ServerCode: replyCode(se), ServerText: se.Message, Retry: retry, Err: err}
	}
	if errors.Is(err, gosmtp.ErrTooLongLine) {
		return &transport.Error{Code: transport.CodeWrongProtocol, Protocol: transport.ProtoSMTP, Server: server,
			Step: step, Err: fmt.Errorf("%w: %w", transport.ErrTooLarge, err)}
	}
	return transport.Classify(err, transport.ProtoSMTP, server, step)
}

func replyCode(se *gosmtp.SMTPError) string {
	s := fmt.Sprintf("%03d", se.Code)
	if e := se.EnhancedCode; e != gosmtp.EnhancedCodeNotSet && e != gosmtp.NoEnhancedCode {
		s += fmt.Sprintf(" %d.%d.%d", e[0], e[1], e[2])
	}
	return s
}

// classifyReply maps one SMTP reply at one step to the catalog.
func classifyReply(se *gosmtp.SMTPError, step transport.Step) (transport.Code, transport.Retry) {
	code := se.Code
	e := se.EnhancedCode
	sub := fmt.Sprintf("%d.%d", e[1], e[2]) // enhanced subject.detail, "0.0" when absent
	text := strings.ToLower(se.Message)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(text, w) {
				return true
			}
		}
		return false
	}
	temp := transport.RetryNo
	if code/100 == 4 {
		temp = transport.RetryYes
	}

	// Replies that mean the same at any step.
	switch {
	case code == 421:
		return transport.CodeSMTPUnavailable, transport.RetryYes
	case code == 432 || sub == "7.12":
		return transport.CodeSMTPPasswordExpired, transport.RetryNo
	case code == 538 || (code == 530 && has("starttls", "tls first", "encryption")):
		return transport.CodeSMTPEncryptionNeeded, transport.RetryNo
	case code == 454 && step == transport.StepSTARTTLS:
		return transport.CodeSTARTTLSTemporary, transport.RetryYes
	}

	switch step {
	case transport.StepGreeting:
		if code == 554 || code == 521 {
			return transport.CodeSMTPRefusesClient, transport.RetryNo
		}
	case transport.StepAuth:
		switch {
		case has("smtpclientauthentication is disabled", "basic authentication is disabled",
			"security defaults", "did not meet the criteria"):
			return transport.CodeSMTPAuthDisabled, transport.RetryNo
		case has("#auth005", "too many bad auth"):
			return transport.CodeSMTPAuthThrottled, transport.RetryLong
		case sub == "7.9" || has("application-specific password"):
			return transport.CodeSMTPAppPassword, transport.RetryNo
		case sub == "7.14" || has("log in via your web browser"):
			return transport.CodeSMTPWebLogin, transport.RetryNo
		case code == 454:
			return transport.CodeSMTPAuthTemporary, transport.RetryLong
		case code == 535 || code == 534:
			return transport.CodeSMTPAuthFailed, transport.RetryNo
		case code == 502 || code == 503 || code == 504:
			return transport.CodeSMTPAuthMechanism, transport.RetryNo
		}
	}

	switch {
	case code == 530 || sub == "7.57" || (code == 503 && has("auth")):
		return transport.CodeSMTPAuthRequired, transport.RetryNo
	case sub == "6.7" || has("smtputf8"):
		return transport.CodeNonASCIIAddress, transport.RetryNo
	case sub == "3.4" || sub == "2.3" || (code == 552 && step != transport.StepRcpt && !has("quota", "full")):
		return transport.CodeMessageTooBig, transport.RetryNo
	case sub == "4.5" || has("sending limit", "sending quota", "outboundspamexception", "relay limit"):
		return transport.CodeSendQuota, transport.RetryLong
	case has("relay"):
		return transport.CodeRelayDenied, transport.RetryNo
	case sub == "7.26" || sub == "7.23" || sub == "7.24" || sub == "7.25" || sub == "7.20" ||
		sub == "7.21" || sub == "7.22" || sub == "7.27" || sub == "7.515":
		return transport.CodeSenderUnverified, transport.RetryNo
	case sub == "7.520" || sub == "7.708" || sub == "7.501" || sub == "7.705" || sub == "7.750":
		return transport.CodePolicyBlocked, transport.RetryNo
	case sub == "2.1" && code/100 == 4, has("greylist", "receiving mail too quickly", "unusual rate"):
		return transport.CodeRateLimited, transport.RetryYes
	case sub == "7.500" && code/100 == 4:
		return transport.CodeRateLimited, transport.RetryYes
	case (code == 554 && sub == "5.1") || (code == 503 && has("rcpt first")) || has("no valid recipients"):
		return transport.CodeNoRecipients, transport.RetryNo
	}

	switch step {
	case transport.StepMail:
		switch {
		case sub == "1.7" || sub == "1.8" || sub == "7.60" || sub == "2.252" || has("sendas", "send as", "not owned", "sender address rejected"):
			return transport.CodeSenderRejected, transport.RetryNo
		}
	case transport.StepRcpt:
		switch {
		case sub == "1.1" || sub == "1.10" || code == 511 || sub == "4.1":
			return transport.CodeRecipientUnknown, transport.RetryNo
		case sub == "1.2" || sub == "4.310" || code == 556 || has("domain not found"):
			return transport.CodeRecipientDomain, temp
		case sub == "2.2" || has("over quota", "mailbox is full", "mailbox full"):
			return transport.CodeRecipientFull, transport.RetryLong
		case sub == "2.1" || sub == "7.13" || has("disabled"):
			return transport.CodeRecipientDisabled, transport.RetryNo
		case sub == "5.3" || code == 452 || has("too many recipients"):
			return transport.CodeTooManyRecipients, transport.RetryYes
		case code == 550 || code == 553:
			return transport.CodeRecipientUnknown, transport.RetryNo
		}
	case transport.StepData:
		switch {
		case sub == "6.0" || has("spam", "security issue", "blocked", "policy", "malformed", "virus"):
			return transport.CodeContentRejected, transport.RetryNo
		}
	}

	switch {
	case code/100 == 4:
		return transport.CodeSendTemporary, transport.RetryYes
	case code >= 500 && code <= 504, code == 555:
		return transport.CodeSMTPProtocol, transport.RetryNo
	}
	return transport.CodeSendRefused, transport.RetryNo
}
