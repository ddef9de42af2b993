package explain

import "wren/transport"

// IMAP and POP3 failures (errors.md §3.5, §3.6).
var readWords = map[transport.Code]words{
	transport.CodeIMAPRefused: {
		"Incoming server turned the connection away",
		"The incoming mail server {server} refused the connection, usually because too many connections are open or because of maintenance.",
		"Close other mail apps or devices using this account; Wren will try again in a few minutes.",
	},
	transport.CodeIMAPAuthFailed: {
		"Password not accepted for reading mail",
		"The incoming server {server} rejected the user name or the password. Many providers want an app password for mail programs instead of the normal password.",
		"Check the password and the user name (often the full email address), and create an app password if {provider} uses them. Check too that IMAP is enabled for the account.",
	},
	transport.CodeIMAPTokenRejected: {
		"Sign-in token refused for reading mail",
		"The incoming server {server} rejected the sign-in token Wren presented: it has expired or been revoked, or it lacks the permission to read mail over IMAP.",
		"Sign in to {provider?%|the account} again: Settings → Accounts → Sign in again… (on the command line: wren account signin ACCOUNT).",
	},
	transport.CodeIMAPAppPassword: {
		"An app password is needed to read mail",
		"{provider} does not accept the normal password from mail programs because two-step verification is on; it wants an app password made only for Wren.",
		"Create an app password in the account's security settings and enter it in Wren.",
	},
	transport.CodeIMAPWebLogin: {
		"Confirm the sign-in on the web to read mail",
		"{provider} blocked this sign-in to {server} until you confirm it on the web, for example because it came from a new place or network.",
		"Sign in to your mail in a web browser, confirm the activity, then try again.",
	},
	transport.CodeIMAPDisabled: {
		"IMAP is switched off for this account",
		"The account does not let mail programs read mail over IMAP: it is switched off in the account's settings or by the organisation's administrator.",
		"Turn on IMAP access in your mail's web settings, or ask your administrator to.",
	},
	transport.CodeIMAPBasicAuthOff: {
		"Password login not allowed at all",
		"{server} does not accept passwords from mail programs: {provider} allows only sign-in through its web page (OAuth) for this account.",
		oauthFixUnknown,
	},
	transport.CodeIMAPNotConnected: {
		"Logged in, but the mailbox cannot be opened",
		"{server} accepted the login and then could not open the mailbox. With Microsoft servers this often means a wrong password was let through at first, or the mailbox has no IMAP access or licence.",
		"Re-enter the password. If it still fails, ask your administrator to check that the mailbox has IMAP enabled and a licence.",
	},
	transport.CodeIMAPUnavailable: {
		"Incoming server has a temporary fault",
		"A part of {server} (its login service, for example) is down for the moment.",
		"Nothing to change: Wren will try again in a few minutes.",
	},
	transport.CodeIMAPAuthorization: {
		"Not allowed to open that mailbox",
		"The login worked, but this user may not act as the mailbox that was asked for (a shared mailbox, for example).",
		"Check the user name format for shared mailboxes, or ask your administrator for access.",
	},
	transport.CodeIMAPExpired: {
		"Password expired (reading)",
		"{server} says that your password has expired.",
		"Change the password on the website of {provider} or your organisation, then enter the new one in Wren.",
	},
	transport.CodeIMAPPrivacyRequired: {
		"Incoming server requires encryption",
		"{server} accepts a login only over an encrypted connection, so Wren did not send the password.",
		"Set the incoming server's security to SSL/TLS (port 993) or STARTTLS (port 143). If the password was ever sent unencrypted, change it.",
	},
	transport.CodeIMAPContactAdmin: {
		"The account needs the administrator",
		"{server} reports a problem with the account that only the administrator or support can solve.",
		"Contact your administrator or {provider}'s support and quote the details.",
	},
	transport.CodeIMAPTooMany: {
		"Too many connections to the mailbox",
		"{server} limits how many connections one account may have open, and the limit is reached, often by other devices or mail apps.",
		"Close other mail apps or devices that check this account; Wren will try again.",
	},
	transport.CodeIMAPThrottled: {
		"Download limit reached",
		"{provider} limits how much mail can be downloaded, or how many requests can be made, per day, and the account reached that limit (common while a large mailbox syncs for the first time).",
		"Wait a few hours, up to a day; Wren continues then. If it repeats, let Wren check less often.",
	},
	transport.CodeIMAPOverQuota: {
		"Mailbox storage is full",
		"The mailbox on {server} is full: nothing more can be saved there (drafts and sent copies included), and new mail may bounce.",
		"Delete old mail with large attachments, empty Trash and Junk, or get more storage from {provider}.",
	},
	transport.CodeIMAPTryCreate: {
		"Destination folder is missing",
		"The folder Wren wanted to put messages into does not exist on {server}; it may have been deleted or renamed.",
		"Wren can create the folder and try again; or choose another folder in the account settings.",
	},
	transport.CodeIMAPNonexistent: {
		"Folder does not exist",
		"This folder no longer exists on {server}; it may have been deleted or renamed on another device.",
		"Refresh the folder list.",
	},
	transport.CodeIMAPAlreadyExists: {
		"Folder name already used",
		"A folder with this name already exists on {server}.",
		"Choose another name.",
	},
	transport.CodeIMAPNoPerm: {
		"No permission for this folder",
		"You may not do this in this folder on {server}; it may be a shared folder that belongs to someone else.",
		"Ask the folder's owner or your administrator for access.",
	},
	transport.CodeIMAPInUse: {
		"Folder busy",
		"Another session on {server} is using this folder right now.",
		"Wait a moment; Wren will try again.",
	},
	transport.CodeIMAPCannot: {
		"The server cannot do this",
		"{server} says this can never work as asked, for example because of a folder name it does not allow or a size limit it has.",
		"Change the folder name or make the message smaller, then try again.",
	},
	transport.CodeIMAPServerBug: {
		"Server or program fault",
		"{server} reported an internal fault or did not understand Wren's request. This is a defect in the server or in Wren, not something you did.",
		"Report the problem with the copied details. If the reply mentions corruption, contact {provider}.",
	},
	transport.CodeIMAPReadOnly: {
		"Folder opened read-only",
		"This folder can be read but not changed: marking messages read, flagging or deleting them will not be saved on {server}.",
		"To change it, ask the folder's owner or your administrator for write access.",
	},
	transport.CodeIMAPUIDValidity: {
		"Folder renumbered by the server",
		"{server} renumbered the messages of this folder (after a restore, for example), so Wren's saved copy no longer matches it.",
		"Nothing to do: Wren downloads the folder again.",
	},
	transport.CodeIMAPExpungeIssued: {
		"Messages deleted elsewhere",
		"Some messages were deleted by another device or mail app while Wren was reading them.",
		"Nothing to do: Wren refreshes the folder.",
	},
	transport.CodeIMAPBye: {
		"The server ended the session",
		"{server} closed the session, for example after a period of inactivity or for a restart.",
		"Nothing to do: Wren reconnects. If it happens all the time, contact {provider}.",
	},
	transport.CodeIMAPAlert: {
		"Message from your mail server",
		"{server} sent a notice that must be shown to you.{said}",
		"Read the server's notice: it usually says what to do.",
	},

	transport.CodePOPAuthFailed: {
		"Password not accepted by the POP3 server",
		"The POP3 server {server} rejected the user name or the password. Many providers want an app password for mail programs instead of the normal password.",
		"Check the password and the user name (often the full email address); create an app password if {provider} uses them.",
	},
	transport.CodePOPPrivacyRequired: {
		"POP3 server requires encryption",
		"{server} accepts a POP3 login only over an encrypted connection, so Wren did not send the password.",
		"Set the incoming server's security to SSL/TLS (port 995) or STARTTLS (port 110).",
	},
	transport.CodePOPDisabled: {
		"POP is switched off for this account",
		"The login worked, but the account does not allow downloading mail with POP: it is switched off in the account's settings.",
		"Turn on POP access in your mail's web settings, or use IMAP instead.",
	},
	transport.CodePOPInUse: {
		"Mailbox in use by another device",
		"Another device or mail app is downloading from this mailbox right now, and POP3 allows only one at a time.",
		"Close the other mail app or wait a few minutes; Wren will try again.",
	},
	transport.CodePOPLoginDelay: {
		"Checking for mail too often",
		"{server} allows checking for mail only every so often, and the last check was too recent.",
		"Let Wren check less often; the next check will work once the waiting time has passed.",
	},
	transport.CodePOPTemporary: {
		"Temporary POP3 server problem",
		"The POP3 server {server} has a temporary problem.",
		"Nothing to change: Wren will try again later.",
	},
	transport.CodePOPPermanent: {
		"POP3 server problem that will not go away",
		"The POP3 server {server} reports a lasting problem on its side, such as a damaged mailbox or a configuration fault.",
		"Contact {provider}'s support and quote the details.",
	},
	transport.CodePOPFailed: {
		"The POP3 server refused a request",
		"The POP3 server {server} refused a request without a reason Wren recognises.{said}",
		"Read the server's reply in the details; if it keeps happening, contact {provider} and quote it.",
	},
	transport.CodePOPUnsupported: {
		"POP3 server lacks a feature",
		"{server} does not support a command Wren uses to keep track of messages. Without it, messages left on the server may be downloaded twice.",
		"Consider IMAP instead of POP3, or let Wren delete messages from the server after downloading them.",
	},
	transport.CodePOPNoSuchMessage: {
		"Message no longer on the server",
		"This message is gone from the POP3 mailbox, probably removed by another device.",
		"Nothing to do: Wren refreshes the message list.",
	},
}
