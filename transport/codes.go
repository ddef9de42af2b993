package transport

// Code is a stable catalog identifier of a failure ("NET-03", "SEND-18").
// Codes are part of Wren's interface: users quote them to support and the
// command line prints them, so a code is never renumbered or reused. The
// catalog follows ../shared/reference/errors.md §3.
type Code string

// Retry says whether trying the same thing again can help.
type Retry int

const (
	RetryNo   Retry = iota // permanent until something changes
	RetryYes               // transient: retry with backoff
	RetryLong              // clears by itself, but only after hours
)

// Network and DNS.
const (
	CodeHostNotFound   Code = "NET-01"
	CodeDNSTemporary   Code = "NET-02"
	CodeRefused        Code = "NET-03"
	CodeConnectTimeout Code = "NET-04"
	CodePort25Blocked  Code = "NET-05"
	CodeUnreachable    Code = "NET-06"
	CodeReset          Code = "NET-07"
	CodeClosed         Code = "NET-08"
	CodeReadTimeout    Code = "NET-09"
	CodeBrokenPipe     Code = "NET-10"
	CodeBadSettings    Code = "NET-11"
	CodeWrongProtocol  Code = "NET-12"
)

// TLS and certificates.
const (
	CodeTLSToPlainPort     Code = "TLS-01"
	CodePlainToTLSPort     Code = "TLS-02"
	CodeCertUnknownCA      Code = "TLS-03"
	CodeCertWrongHost      Code = "TLS-04"
	CodeCertExpired        Code = "TLS-05"
	CodeCertNotYetValid    Code = "TLS-06"
	CodeTLSVersion         Code = "TLS-07"
	CodeTLSOldRefused      Code = "TLS-08"
	CodeClientCertRequired Code = "TLS-09"
	CodeNoSTARTTLS         Code = "TLS-10"
	CodeSTARTTLSTemporary  Code = "TLS-11"
	CodeCertChanged        Code = "TLS-12"
)

// SMTP session and login.
const (
	CodeSMTPUnavailable      Code = "SMTP-01"
	CodeSMTPRefusesClient    Code = "SMTP-02"
	CodeSMTPNoAuth           Code = "SMTP-03"
	CodeSMTPAuthMechanism    Code = "SMTP-04"
	CodeSMTPAuthFailed       Code = "SMTP-05"
	CodeSMTPAppPassword      Code = "SMTP-06"
	CodeSMTPWebLogin         Code = "SMTP-07"
	CodeSMTPAuthDisabled     Code = "SMTP-08"
	CodeSMTPAuthThrottled    Code = "SMTP-09"
	CodeSMTPAuthTemporary    Code = "SMTP-10"
	CodeSMTPEncryptionNeeded Code = "SMTP-11"
	CodeSMTPAuthRequired     Code = "SMTP-12"
	CodeSMTPPasswordExpired  Code = "SMTP-13"
	CodeSMTPTokenRejected    Code = "SMTP-14"
	CodeSMTPSASLMismatch     Code = "SMTP-15"
	CodeSMTPProtocol         Code = "SMTP-16"
)

// Sending: sender, recipients and message.
const (
	CodeSenderRejected    Code = "SEND-01"
	CodeRecipientUnknown  Code = "SEND-02"
	CodeRecipientDomain   Code = "SEND-03"
	CodeRelayDenied       Code = "SEND-04"
	CodeRecipientFull     Code = "SEND-05"
	CodeRecipientDisabled Code = "SEND-06"
	CodeTooManyRecipients Code = "SEND-07"
	CodeMessageTooBig     Code = "SEND-08"
	CodeSendQuota         Code = "SEND-09"
	CodeRateLimited       Code = "SEND-10"
	CodeContentRejected   Code = "SEND-11"
	CodeSenderUnverified  Code = "SEND-12"
	CodePolicyBlocked     Code = "SEND-13"
	CodeSendTemporary     Code = "SEND-14"
	CodeSendRefused       Code = "SEND-15"
	CodeNonASCIIAddress   Code = "SEND-16"
	CodeNoRecipients      Code = "SEND-17"
	CodeMaybeSent         Code = "SEND-18"
	CodeSentCopyFailed    Code = "SEND-19"
	CodeBounced           Code = "SEND-20"
	CodeBadRecipient      Code = "SEND-21"
	CodeNotIdentity       Code = "SEND-22"
)

// IMAP.
const (
	CodeIMAPRefused         Code = "IMAP-01"
	CodeIMAPAuthFailed      Code = "IMAP-02"
	CodeIMAPAppPassword     Code = "IMAP-03"
	CodeIMAPWebLogin        Code = "IMAP-04"
	CodeIMAPDisabled        Code = "IMAP-05"
	CodeIMAPBasicAuthOff    Code = "IMAP-06"
	CodeIMAPNotConnected    Code = "IMAP-07"
	CodeIMAPUnavailable     Code = "IMAP-08"
	CodeIMAPAuthorization   Code = "IMAP-09"
	CodeIMAPExpired         Code = "IMAP-10"
	CodeIMAPPrivacyRequired Code = "IMAP-11"
	CodeIMAPContactAdmin    Code = "IMAP-12"
	CodeIMAPTooMany         Code = "IMAP-13"
	CodeIMAPThrottled       Code = "IMAP-14"
	CodeIMAPOverQuota       Code = "IMAP-15"
	CodeIMAPTryCreate       Code = "IMAP-16"
	CodeIMAPNonexistent     Code = "IMAP-17"
	CodeIMAPAlreadyExists   Code = "IMAP-18"
	CodeIMAPNoPerm          Code = "IMAP-19"
	CodeIMAPInUse           Code = "IMAP-20"
	CodeIMAPCannot          Code = "IMAP-21"
	CodeIMAPServerBug       Code = "IMAP-22"
	CodeIMAPReadOnly        Code = "IMAP-23"
	CodeIMAPUIDValidity     Code = "IMAP-24"
	CodeIMAPExpungeIssued   Code = "IMAP-25"
	CodeIMAPBye             Code = "IMAP-26"
	CodeIMAPAlert           Code = "IMAP-27"
	// Wren's own: an AUTHENTICATE with an OAuth token refused (the IMAP
	// twin of SMTP-14), told apart from a refused password.
	CodeIMAPTokenRejected Code = "IMAP-28"
)

// POP3.
const (
	CodePOPAuthFailed      Code = "POP-01"
	CodePOPPrivacyRequired Code = "POP-02"
	CodePOPDisabled        Code = "POP-03"
	CodePOPInUse           Code = "POP-04"
	CodePOPLoginDelay      Code = "POP-05"
	CodePOPTemporary       Code = "POP-06"
	CodePOPPermanent       Code = "POP-07"
	CodePOPFailed          Code = "POP-08"
	CodePOPUnsupported     Code = "POP-09"
	CodePOPNoSuchMessage   Code = "POP-10"
)

// OAuth2 sign-in (Wren's own): the provider's authorization server, and
// mail servers that take no token.
const (
	CodeOAuthGrantRevoked  Code = "OAUTH-01"
	CodeOAuthClientRefused Code = "OAUTH-02"
	CodeOAuthDenied        Code = "OAUTH-03"
	CodeOAuthNotOffered    Code = "OAUTH-04"
)

// CodeInfo is what the catalog says of a code, independent of wording shown
// to users (which belongs to the account layer).
type CodeInfo struct {
	Code    Code
	Summary string // one line, for logs, the command line and docs
	Retry   Retry
}
