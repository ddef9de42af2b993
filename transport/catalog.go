package transport

// catalog is the documented meaning of every Code. The README's error-code
// table is checked against it by a test.
var catalog = []CodeInfo{
	{CodeHostNotFound, "The server name does not exist", RetryNo},
	{CodeDNSTemporary, "The server name could not be looked up right now", RetryYes},
	{CodeRefused, "Nothing is listening on that server and port", RetryYes},
	{CodeConnectTimeout, "No answer to the connection attempt", RetryYes},
	{CodePort25Blocked, "Outgoing port 25 is blocked; use 587 or 465", RetryNo},
	{CodeUnreachable, "No network route to the server", RetryYes},
	{CodeReset, "The connection was reset", RetryYes},
	{CodeClosed, "The server closed the connection without explanation", RetryYes},
	{CodeReadTimeout, "The server stopped answering", RetryYes},
	{CodeBrokenPipe, "The connection broke while sending", RetryYes},
	{CodeBadSettings, "The server settings are malformed", RetryNo},
	{CodeWrongProtocol, "Something other than the expected mail protocol answered", RetryNo},

	{CodeTLSToPlainPort, "SSL/TLS was chosen but the server speaks plaintext on that port", RetryNo},
	{CodePlainToTLSPort, "The port expects SSL/TLS from the start", RetryNo},
	{CodeCertUnknownCA, "The server certificate is not issued by a trusted authority", RetryNo},
	{CodeCertWrongHost, "The server certificate belongs to a different name", RetryNo},
	{CodeCertExpired, "The server certificate has expired", RetryNo},
	{CodeCertNotYetValid, "The certificate is not valid yet (check the computer's clock)", RetryNo},
	{CodeTLSVersion, "No common TLS version or cipher with the server", RetryNo},
	{CodeTLSOldRefused, "The server refuses old TLS versions", RetryNo},
	{CodeClientCertRequired, "The server wants a client certificate", RetryNo},
	{CodeNoSTARTTLS, "The server does not offer encryption (STARTTLS) here", RetryNo},
	{CodeSTARTTLSTemporary, "STARTTLS was refused temporarily", RetryYes},
	{CodeCertChanged, "The server certificate changed since it was accepted", RetryNo},

	{CodeSMTPUnavailable, "The outgoing server is not available now", RetryYes},
	{CodeSMTPRefusesClient, "The outgoing server refuses to talk to this client", RetryNo},
	{CodeSMTPNoAuth, "The outgoing server offers no login here", RetryNo},
	{CodeSMTPAuthMechanism, "The outgoing server offers no supported login method", RetryNo},
	{CodeSMTPAuthFailed, "The outgoing server rejected the login", RetryNo},
	{CodeSMTPAppPassword, "An app password is required", RetryNo},
	{CodeSMTPWebLogin, "The provider wants a sign-in in the browser first", RetryNo},
	{CodeSMTPAuthDisabled, "Password sign-in is disabled for this account", RetryNo},
	{CodeSMTPAuthThrottled, "Too many failed logins; the provider is throttling", RetryLong},
	{CodeSMTPAuthTemporary, "Login is temporarily impossible", RetryLong},
	{CodeSMTPEncryptionNeeded, "The server requires encryption before login or sending", RetryNo},
	{CodeSMTPAuthRequired, "The server requires a login before sending", RetryNo},
	{CodeSMTPPasswordExpired, "The password has expired", RetryNo},
	{CodeSMTPTokenRejected, "The sign-in token was rejected", RetryNo},
	{CodeSMTPSASLMismatch, "The login dialogue did not match (interoperability problem)", RetryNo},
	{CodeSMTPProtocol, "Client and server disagree on the protocol", RetryNo},

	{CodeSenderRejected, "The server will not send with this From address", RetryNo},
	{CodeRecipientUnknown, "A recipient address does not exist", RetryNo},
	{CodeRecipientDomain, "A recipient's domain does not receive mail", RetryNo},
	{CodeRelayDenied, "The server will not relay to outside addresses for you", RetryNo},
	{CodeRecipientFull, "A recipient's mailbox is full", RetryLong},
	{CodeRecipientDisabled, "A recipient's account is disabled", RetryNo},
	{CodeTooManyRecipients, "Too many recipients for one message", RetryYes},
	{CodeMessageTooBig, "The message is larger than the server accepts", RetryNo},
	{CodeSendQuota, "The account reached its sending limit", RetryLong},
	{CodeRateLimited, "Sending is rate-limited or greylisted for now", RetryYes},
	{CodeContentRejected, "The message content was refused", RetryNo},
	{CodeSenderUnverified, "The receiving side could not verify the sender's domain", RetryNo},
	{CodePolicyBlocked, "Sending is blocked by organisation or provider policy", RetryNo},
	{CodeSendTemporary, "Temporary server failure while sending", RetryYes},
	{CodeSendRefused, "The server refused the message", RetryNo},
	{CodeNonASCIIAddress, "An address has characters the server cannot handle", RetryNo},
	{CodeNoRecipients, "There is no valid recipient", RetryNo},
	{CodeMaybeSent, "The connection failed at the end of sending: the message may have been sent", RetryYes},
	{CodeSentCopyFailed, "Sent, but the copy to the Sent folder failed", RetryYes},
	{CodeBounced, "The message was accepted but later bounced", RetryNo},
	{CodeBadRecipient, "A recipient is not a valid address", RetryNo},
	{CodeNotIdentity, "The From address is not one of the account's addresses", RetryNo},

	{CodeIMAPRefused, "The incoming server refuses the connection", RetryYes},
	{CodeIMAPAuthFailed, "The incoming server rejected the login", RetryNo},
	{CodeIMAPAppPassword, "An app password is required", RetryNo},
	{CodeIMAPWebLogin, "The provider wants a sign-in in the browser first", RetryNo},
	{CodeIMAPDisabled, "IMAP is switched off for this account", RetryNo},
	{CodeIMAPBasicAuthOff, "Password sign-in is not allowed at all", RetryNo},
	{CodeIMAPNotConnected, "Logged in, but the mailbox cannot be opened", RetryNo},
	{CodeIMAPUnavailable, "A server subsystem is down temporarily", RetryYes},
	{CodeIMAPAuthorization, "Not allowed to act as the requested identity", RetryNo},
	{CodeIMAPExpired, "The password has expired", RetryNo},
	{CodeIMAPPrivacyRequired, "The server requires encryption before login", RetryNo},
	{CodeIMAPContactAdmin, "The account needs the administrator's attention", RetryNo},
	{CodeIMAPTooMany, "Too many simultaneous connections", RetryYes},
	{CodeIMAPThrottled, "Download or command rate limit reached", RetryLong},
	{CodeIMAPOverQuota, "The mailbox storage is full", RetryNo},
	{CodeIMAPTryCreate, "The target folder does not exist", RetryYes},
	{CodeIMAPNonexistent, "The folder does not exist", RetryNo},
	{CodeIMAPAlreadyExists, "The folder name is already used", RetryNo},
	{CodeIMAPNoPerm, "Access to the folder is not permitted", RetryNo},
	{CodeIMAPInUse, "The folder is in use elsewhere", RetryYes},
	{CodeIMAPCannot, "The operation hits a server limit and cannot succeed", RetryNo},
	{CodeIMAPServerBug, "A server or client defect", RetryNo},
	{CodeIMAPReadOnly, "The folder opened read-only", RetryNo},
	{CodeIMAPUIDValidity, "The server renumbered the folder", RetryNo},
	{CodeIMAPExpungeIssued, "Messages were deleted by another client meanwhile", RetryYes},
	{CodeIMAPBye, "The server ended the session", RetryYes},
	{CodeIMAPAlert, "The server has a message for you", RetryNo},
	{CodeIMAPTokenRejected, "The incoming server rejected the sign-in token", RetryNo},

	{CodePOPAuthFailed, "The POP3 server rejected the login", RetryNo},
	{CodePOPPrivacyRequired, "The POP3 server requires encryption before login", RetryNo},
	{CodePOPDisabled, "POP is switched off for this account", RetryNo},
	{CodePOPInUse, "Another POP3 session holds the mailbox", RetryYes},
	{CodePOPLoginDelay, "Logged in too recently; wait before checking again", RetryLong},
	{CodePOPTemporary, "Temporary POP3 server problem", RetryYes},
	{CodePOPPermanent, "Permanent POP3 server problem", RetryNo},
	{CodePOPFailed, "The POP3 server reported a failure", RetryNo},
	{CodePOPUnsupported, "The POP3 server lacks an optional command", RetryNo},
	{CodePOPNoSuchMessage, "The message is gone from the POP3 mailbox", RetryYes},

	{CodeOAuthGrantRevoked, "The provider sign-in has expired or was revoked", RetryNo},
	{CodeOAuthClientRefused, "The provider refused Wren's sign-in request", RetryNo},
	{CodeOAuthDenied, "The sign-in in the browser did not complete", RetryNo},
	{CodeOAuthNotOffered, "The mail server offers no sign-in with a token (OAuth)", RetryNo},
}

var catalogIndex = func() map[Code]CodeInfo {
	m := make(map[Code]CodeInfo, len(catalog))
	for _, c := range catalog {
		m[c.Code] = c
	}
	return m
}()

// Lookup returns the catalog entry of code.
func Lookup(code Code) (CodeInfo, bool) {
	c, ok := catalogIndex[code]
	return c, ok
}

// Catalog returns every code in documentation order.
func Catalog() []CodeInfo { return append([]CodeInfo(nil), catalog...) }
