package explain_test

import (
	"wren/account/explain"
	"wren/transport"
)

// at scripts one reply for one verb.
func at(verb, reply string) map[string]string { return map[string]string{verb: reply} }

func sending(code transport.Code, c smtpCase) produced {
	return produced{code: code, op: explain.OpSend, run: c.run}
}

func toBob(code transport.Code, reply string) produced {
	return produced{code: code, op: explain.OpSend, rcpt: "bob@example.com", run: smtpCase{replies: at("RCPT", reply)}.run}
}

// smtpCases produce every SMTP and SEND code through transport/smtp.
var smtpCases = []produced{
	sending(transport.CodeSMTPUnavailable, smtpCase{greeting: "421 4.3.2 Service not available, closing transmission channel"}),
	sending(transport.CodeSMTPRefusesClient, smtpCase{greeting: "554 5.7.1 No SMTP service here"}),
	sending(transport.CodeSMTPNoAuth, smtpCase{ehlo: []string{"SIZE 1000000"}}),
	sending(transport.CodeSMTPAuthMechanism, smtpCase{ehlo: []string{"AUTH XOAUTH2 OAUTHBEARER"}}),
	sending(transport.CodeSMTPAuthFailed, smtpCase{replies: at("AUTH", "535 5.7.8 Authentication credentials invalid")}),
	sending(transport.CodeSMTPAppPassword, smtpCase{replies: at("AUTH",
		"534-5.7.9 Application-specific password required. Learn more at\r\n534 5.7.9 https://support.google.com/mail/?p=InvalidSecondFactor x1-gsmtp")}),
	sending(transport.CodeSMTPWebLogin, smtpCase{replies: at("AUTH",
		"534-5.7.14 <https://accounts.google.com/signin/continue?sarp=1> Please log in via your web browser and\r\n534 5.7.14 then try again. x1-gsmtp")}),
	sending(transport.CodeSMTPAuthDisabled, smtpCase{replies: at("AUTH",
		"535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled")}),
	sending(transport.CodeSMTPAuthThrottled, smtpCase{replies: at("AUTH", "535 5.7.0 (#AUTH005) Too many bad auth attempts.")}),
	sending(transport.CodeSMTPAuthTemporary, smtpCase{replies: at("AUTH", "454 4.7.0 Too many login attempts, please try again later.")}),
	sending(transport.CodeSMTPEncryptionNeeded, smtpCase{replies: at("MAIL", "530 5.7.0 Must issue a STARTTLS command first")}),
	sending(transport.CodeSMTPAuthRequired, smtpCase{replies: at("MAIL", "530 5.7.0 Authentication Required")}),
	sending(transport.CodeSMTPTokenRejected, smtpCase{ehlo: []string{"AUTH LOGIN XOAUTH2"}, token: "EwB.revoked",
		replies: at("AUTH", "535 5.7.3 Authentication unsuccessful")}),
	sending(transport.CodeSMTPPasswordExpired, smtpCase{replies: at("AUTH", "432 4.7.12 A password transition is needed")}),
	sending(transport.CodeSMTPProtocol, smtpCase{replies: at("MAIL", "501 5.5.4 Syntax error in parameters or arguments")}),

	sending(transport.CodeSenderRejected, smtpCase{replies: at("MAIL",
		"553 5.7.1 <alice@example.com>: Sender address rejected: not owned by user alice")}),
	toBob(transport.CodeRecipientUnknown, "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown in virtual mailbox table"),
	toBob(transport.CodeRecipientDomain, "553 5.1.2 We weren't able to find the recipient domain."),
	toBob(transport.CodeRelayDenied, "554 5.7.1 <bob@example.com>: Relay access denied"),
	toBob(transport.CodeRecipientFull, "452 4.2.2 The email account that you tried to reach is over quota."),
	toBob(transport.CodeRecipientDisabled, "550 5.2.1 The email account that you tried to reach is disabled."),
	sending(transport.CodeTooManyRecipients, smtpCase{replies: at("RCPT", "452 4.5.3 Your message has too many recipients.")}),
	sending(transport.CodeMessageTooBig, smtpCase{ehlo: []string{"AUTH PLAIN", "SIZE 100"}, size: 5000}),
	sending(transport.CodeSendQuota, smtpCase{replies: at("MAIL", "550 5.4.5 Daily user sending limit exceeded.")}),
	sending(transport.CodeRateLimited, smtpCase{replies: at("RCPT", "450 4.2.1 The user you are trying to contact is receiving mail too quickly.")}),
	sending(transport.CodeContentRejected, smtpCase{replies: at(".", "554 5.7.1 Message rejected due to spam policy")}),
	sending(transport.CodeSenderUnverified, smtpCase{replies: at(".",
		"550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.")}),
	sending(transport.CodePolicyBlocked, smtpCase{replies: at("MAIL",
		"550 5.7.520 Access denied, Your organization does not allow external forwarding.")}),
	sending(transport.CodeSendTemporary, smtpCase{replies: at(".", "451 4.3.0 Mail server temporarily rejected message.")}),
	sending(transport.CodeSendRefused, smtpCase{replies: at(".", "554 Transaction failed: rule 42 matched")}),
	sending(transport.CodeNonASCIIAddress, smtpCase{to: []string{"jörg@example.com"}}),
	sending(transport.CodeNoRecipients, smtpCase{to: []string{}}),
	sending(transport.CodeBadRecipient, smtpCase{to: []string{"bob at example.com"}}),
	sending(transport.CodeMaybeSent, smtpCase{replies: at(".", closeAfter)}),
}
