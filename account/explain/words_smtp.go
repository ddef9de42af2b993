package explain

import "wren/transport"

// SMTP session, login and sending failures (errors.md §3.3, §3.4).
var smtpWords = map[transport.Code]words{
	transport.CodeSMTPUnavailable: {
		"Outgoing server busy",
		"The outgoing mail server {server} cannot take the connection right now: it is busy, under maintenance, or limiting connections for a while.",
		"Nothing to change: Wren will try again in a few minutes.",
	},
	transport.CodeSMTPRefusesClient: {
		"Outgoing server refuses this computer",
		"{server} refuses to talk to this computer. Either it is not a server mail programs send through (it only takes mail from other servers), or it blocks this network's address, as happens with VPNs and some home connections.",
		"Use {provider}'s sending server (often smtp. followed by the domain) on port 587 or 465. If a VPN is on, try without it.",
	},
	transport.CodeSMTPNoAuth: {
		"Outgoing server offers no login",
		"{server} offers no way to log in on this connection, so Wren cannot send as you. Most servers offer the login only on the sending ports with encryption.",
		"Use port 587 with STARTTLS or port 465 with SSL/TLS, as {provider} documents.",
	},
	transport.CodeSMTPAuthMechanism: {
		"Outgoing server wants a login method Wren lacks",
		"{server} offers only login methods Wren cannot use: for example only sign-in through a web page (OAuth), or old methods such as CRAM-MD5 or NTLM.",
		"Check whether {provider} offers app passwords or a password login for mail programs; otherwise send with {provider}'s own app for now.",
	},
	transport.CodeSMTPAuthFailed: {
		"Password not accepted for sending",
		"The outgoing server {server} rejected the user name or the password. Many providers (Gmail, iCloud, Yahoo, Fastmail, Outlook.com) refuse the normal password in mail programs and want an app password instead.",
		"Check the password, and use the full email address as the user name. If {provider} uses app passwords, create one for Wren and enter it instead of the normal password.",
	},
	transport.CodeSMTPAppPassword: {
		"An app password is needed to send",
		"The account has two-step verification, so {server} does not accept the normal password from a mail program. It wants an app password: a separate password made only for Wren.",
		"Create an app password in the account's security settings and enter it in Wren instead of the normal password.",
	},
	transport.CodeSMTPWebLogin: {
		"Confirm the sign-in on the web to send",
		"{provider} blocked this sign-in as unusual (from a new place or network, for example) and wants you to confirm it in a web browser first.",
		"Sign in to your mail in a web browser, confirm that the attempt was you, then try again in Wren.",
	},
	transport.CodeSMTPAuthDisabled: {
		"Password login for sending is switched off",
		"{server} does not allow this account to log in with a password for sending. The organisation or provider switched it off (Microsoft 365 does by default), so an app password will not help either.",
		"Ask your administrator to enable \"Authenticated SMTP\" for your mailbox.",
	},
	transport.CodeSMTPAuthThrottled: {
		"Too many failed logins",
		"{provider} rejected the password and now blocks logins for a while, because there were too many wrong attempts (perhaps also from your other devices).",
		"Create an app password for Wren, update it on every device that still uses the old one, and wait before trying again. Wren will not retry on its own.",
	},
	transport.CodeSMTPAuthTemporary: {
		"Login to the outgoing server impossible for now",
		"The outgoing server {server} cannot log you in at the moment: its login service is down, or it limits logins after too many attempts.",
		"Wait 10 to 60 minutes before trying again, and close other programs that check this account often.",
	},
	transport.CodeSMTPEncryptionNeeded: {
		"Outgoing server requires encryption",
		"{server} accepts a login or a message only over an encrypted connection, and this connection is not encrypted.",
		"Set the outgoing server's security to STARTTLS (port 587) or SSL/TLS (port 465).",
	},
	transport.CodeSMTPAuthRequired: {
		"Outgoing server requires a login",
		"{server} refused to send because Wren was not logged in: this outgoing server needs your user name and password.",
		"Turn on the login for the outgoing server in the account settings and enter your password.",
	},
	transport.CodeSMTPPasswordExpired: {
		"Password expired (sending)",
		"{server} says that your password has expired and must be changed before you can send again.",
		"Change the password on the website of {provider} or your organisation, then enter the new one in Wren.",
	},
	transport.CodeSMTPTokenRejected: {
		"Sign-in expired",
		"{server} rejected the sign-in token Wren presented: it has expired or been revoked, or it lacks the permission to send mail.",
		"Sign in to {provider?%|the account} again: Settings → Accounts → Sign in again… (on the command line: wren account signin ACCOUNT).",
	},
	transport.CodeSMTPSASLMismatch: {
		"Login conversation went wrong",
		"Wren and {server} misunderstood each other during the login: the server asked a question Wren did not expect. This is a compatibility problem, not a wrong password.",
		"Report the problem with the copied details. Another login method, if the server offers one, may work.",
	},
	transport.CodeSMTPProtocol: {
		"Outgoing server did not understand Wren",
		"{server} rejected a command from Wren as invalid or unsupported. This is a compatibility problem between Wren and that server, not something you did.",
		"Report the problem with the copied details; meanwhile another port of the same provider may work.",
	},

	transport.CodeSenderRejected: {
		"Sender address not allowed",
		"{server} will not send with the From address of this message. It lets the account send only from its own address and from addresses verified with {provider}.",
		"Send from the account's own address, or first add and verify this address as an alias (a send-as address) with {provider}.",
	},
	transport.CodeRecipientUnknown: {
		"Recipient address does not exist",
		"{rcpt?The address %|One of the addresses} does not exist: the receiving side knows no such mailbox. It may be mistyped, or the person may have left.",
		"Check the spelling of {rcpt?%|each address}, or ask the person for their current address.",
	},
	transport.CodeRecipientDomain: {
		"Recipient's domain does not receive mail",
		"Mail cannot reach {rcpt?%|one of the recipients}: the part after the @ is not a domain that receives mail. It may be mistyped (gmial.com) or may have expired.",
		"{rcpt?Check the part of % after the @.|Check the part after the @ of each address.}",
	},
	transport.CodeRelayDenied: {
		"The server will not forward this mail",
		"{server} refused to pass the message on to {rcpt?%|the recipients} because it does not recognise you as one of its users. Usually Wren is not logged in, or this is not {provider}'s sending server.",
		"Turn on the login for the outgoing server and use {provider}'s sending server on port 587 or 465.",
	},
	transport.CodeRecipientFull: {
		"Recipient's mailbox is full",
		"{rcpt?The mailbox of %|A recipient's mailbox} is full and takes no new mail until its owner makes room.",
		"Let the person know another way, and send again later.",
	},
	transport.CodeRecipientDisabled: {
		"Recipient's account is disabled",
		"{rcpt?The account of %|A recipient's account} has been disabled or closed and accepts no mail.",
		"Ask the person for another address.",
	},
	transport.CodeTooManyRecipients: {
		"Too many recipients",
		"{server} accepts only a limited number of recipients per message, and this message has more.",
		"Send the message in smaller groups, or use a mailing list.",
	},
	transport.CodeMessageTooBig: {
		"The message is too large",
		"The message is larger than {server?% accepts|can be sent}{limit? (at most %)|}. Attachments grow by about a third on the way, so a 20 MB file counts as about 27 MB.",
		"Remove or shrink attachments, or share large files as a link.",
	},
	transport.CodeSendQuota: {
		"Sending limit reached",
		"The account has sent as much mail as {provider} allows in a day, or sending has been paused for this account.",
		"Wait up to 24 hours. If it happens again, sign in to your mail on the web to see whether {provider} asks you to verify the account; if you did not send much, change your password.",
	},
	transport.CodeRateLimited: {
		"Sending slowed down for now",
		"{server} asked Wren to wait before sending more (rate limiting or greylisting). That is temporary and normal after many messages or for a new sender.",
		"Nothing to do: Wren sends again automatically in a few minutes.",
	},
	transport.CodeContentRejected: {
		"Message content refused",
		"{server} refused the message for its content: a filter took it for spam or found a risky attachment (a program, a script or a password-protected archive).",
		"Remove or replace risky attachments (share them as a link), and reword the text if it may look like spam.",
	},
	transport.CodeSenderUnverified: {
		"Your sending domain could not be verified",
		"The receiving side could not confirm that mail from this From address really comes from you (its SPF, DKIM or DMARC checks failed). This happens when mail from one domain is sent through another provider's server.",
		"Send through the outgoing server that belongs to the From address's domain. If you own the domain, its SPF, DKIM and DMARC records need fixing.",
	},
	transport.CodePolicyBlocked: {
		"Blocked by your organisation's policy",
		"A policy of your organisation or of {provider} blocks this message: for example no forwarding to outside addresses, or a restriction on the account.",
		"Contact your administrator or {provider}'s support and quote the details.",
	},
	transport.CodeSendTemporary: {
		"Temporary problem while sending",
		"{server} had a temporary problem and could not take the message just now.",
		"Nothing to do: Wren will try again automatically.",
	},
	transport.CodeSendRefused: {
		"The server refused the message",
		"{server} refused the message for a reason Wren does not recognise.{said}",
		"Read the server's reply in the details; if it does not help, contact {provider} and quote it.",
	},
	transport.CodeNonASCIIAddress: {
		"Address with special characters not supported",
		"An address in this message has characters beyond plain English letters (accents, non-Latin script), and {server} cannot handle such addresses.",
		"Use a plain-letter form of the address if the person has one, or send through a provider that supports international addresses.",
	},
	transport.CodeNoRecipients: {
		"No valid recipient",
		"The message has no recipient the server accepted, so there is nobody to deliver it to.",
		"Add at least one valid address in To, Cc or Bcc.",
	},
	transport.CodeMaybeSent: {
		"The message may have been sent",
		"The connection to {server} broke just as the message was being completed. The server may have accepted and delivered it, or not: Wren cannot tell.",
		"Look in the Sent folder or ask a recipient before sending again, so nobody gets it twice.",
	},
	transport.CodeSentCopyFailed: {
		"Sent, but not filed in the Sent folder",
		"The message was sent, but Wren could not save a copy of it in the Sent folder.",
		"Do not send it again. Wren keeps a copy on this computer and retries the filing later. For a Sent folder on the server, check that it exists and that the mailbox is not full; for one on this computer (a POP3 account), that the disk has room.",
	},
	transport.CodeBadRecipient: {
		"A recipient is not a valid address",
		"{rcpt?\u201c%\u201d is not|A recipient is not} an email address Wren can send to (an address looks like name@example.com), so the message was not sent to anyone.",
		"Correct or remove that recipient, then send again; the message is kept until then.",
	},
	transport.CodeNotIdentity: {
		"Not an address of this account",
		"{rcpt?The message is From %, which is not|The From address is not} one of the addresses of the account it would be sent through. The server would likely refuse it, or the recipients would see a sender the account does not own.",
		"Choose a From that belongs to the account (or add it as an identity in Settings); to send as this address anyway, confirm it (on the command line: --as-alias).",
	},
	transport.CodeBounced: {
		"The message bounced",
		"The outgoing server accepted the message, but the receiving side refused it later and sent back a delivery failure report.",
		"Read the report for the reason, correct the address or the content, then send again.",
	},
}
