package explain

import "wren/transport"

// Network, DNS and TLS failures (errors.md §3.1, §3.2).
var netWords = map[transport.Code]words{
	transport.CodeHostNotFound: {
		"Server name not found",
		"The name {server} does not exist, so Wren cannot find {side}. Usually the server name has a typing mistake.",
		"Check the server name in the account settings against {provider}'s help page (for example smtp.gmail.com, not smtp.gmial.com).",
	},
	transport.CodeDNSTemporary: {
		"Could not look up the server name",
		"Wren could not look up the name {server} right now. The name may well be right: this computer could not reach a name server (DNS).",
		"Check the internet connection. On a VPN, or on hotel or café Wi-Fi that wants a sign-in page, connect properly first; Wren will try again.",
	},
	transport.CodeRefused: {
		"Connection refused",
		"{server} answered, but nothing accepts connections {port?on port %|on that port}. The port may be wrong, or the mail service on that server is down.",
		"Check the port: 587 or 465 for sending, 993 or 143 for IMAP, 995 or 110 for POP3. If it is right, the service may be down for a moment; Wren will try again.",
	},
	transport.CodeConnectTimeout: {
		"No answer from the server",
		"Wren tried to connect to {server} {port?on port %|on the port entered} and got no answer at all. A firewall on this network may block that port, or the server cannot be reached.",
		"Try another network (a phone hotspot, for example), check any VPN or firewall, and make sure the server name and port are right.",
	},
	transport.CodePort25Blocked: {
		"Port 25 is blocked",
		"Wren tried to send through {server} on port 25, and this network blocks that port. Port 25 is for servers passing mail to each other; most internet providers block it for computers like this one.",
		"Change the outgoing server's port to 587 with STARTTLS, or to 465 with SSL/TLS, and keep the login turned on.",
	},
	transport.CodeUnreachable: {
		"No route to the server",
		"This computer has no network route to {server}: it looks offline, or a VPN or a network change is in the way.",
		"Reconnect to the internet or to the VPN; Wren will try again when the network is back.",
	},
	transport.CodeReset: {
		"Connection cut off",
		"The connection to {server} was cut off abruptly. A firewall, an antivirus that scans mail, or an overloaded server often does this; while sending, a message that is too large can cause it too.",
		"Try again. If it keeps happening, turn off mail scanning in the antivirus, check the security setting (SSL/TLS or STARTTLS) and the size of the attachments.",
	},
	transport.CodeClosed: {
		"The server hung up",
		"{server} closed the connection without saying why. Servers do this after a period of inactivity, when they restart, or when too many connections are open.",
		"Try again. If it happens at every login, check the password and the security setting for this port.",
	},
	transport.CodeReadTimeout: {
		"The server stopped answering",
		"{server} stopped responding in the middle of the conversation, and Wren gave up waiting. The server may be overloaded, or the connection very slow.",
		"Try again later. If it happens right after connecting, check that the security setting matches the port (SSL/TLS for 465, 993 and 995).",
	},
	transport.CodeBrokenPipe: {
		"Connection broke while sending data",
		"The connection to {server} broke while Wren was still sending data to it.",
		"Try again. If it happens with large messages, remove big attachments or share them as a link.",
	},
	transport.CodeBadSettings: {
		"Server settings are not valid",
		"The settings for {side} cannot be used as they are: the server name or the port is missing or malformed.",
		"Open the account settings and enter the server name alone (no \"https://\", no \":port\") and the port as a number from 1 to 65535.",
	},
	transport.CodeWrongProtocol: {
		"A different service answered",
		"Something answered at {server} {port?on port %|on that port}, but it does not speak {proto}. Usually the port of another service was entered, such as an IMAP port for the outgoing server.",
		"Use the right port: 587 or 465 for sending (SMTP), 993 or 143 for IMAP, 995 or 110 for POP3.",
	},

	transport.CodeTLSToPlainPort: {
		"This port does not use SSL/TLS",
		"Wren opened an encrypted SSL/TLS connection to {server} {port?on port %|on that port}, but the server answered unencrypted. On this port it expects STARTTLS instead.",
		"Set security to STARTTLS for ports 587, 143 and 110, or keep SSL/TLS and use port 465 (sending), 993 (IMAP) or 995 (POP3).",
	},
	transport.CodePlainToTLSPort: {
		"This port needs SSL/TLS",
		"{server} expects an encrypted SSL/TLS connection from the very start {port?on port %|on that port}, but Wren was set to begin unencrypted and waited in vain for the server to speak.",
		"Set security to SSL/TLS for this port (465, 993 and 995 always use it), or use STARTTLS with port 587, 143 or 110.",
	},
	transport.CodeCertUnknownCA: {
		"Certificate from an unknown authority",
		"{server} presented a security certificate that no authority trusted by this computer has signed. It may be the self-made certificate of a small or company server, or something on this network (an antivirus, a proxy) is intercepting the connection.",
		"Do not accept it blindly: ask {provider} or your administrator for the certificate's fingerprint and compare. If an antivirus scans encrypted mail, turn that feature off.",
	},
	transport.CodeCertWrongHost: {
		"Certificate is for another server name",
		"The security certificate of {server} is made out to a different name, so Wren cannot confirm it reached the right server. This happens with your own domain on shared hosting, or when an IP address is entered instead of a name.",
		"Use the server name {provider} documents (the one the certificate is issued to), not an alias or an IP address.",
	},
	transport.CodeCertExpired: {
		"The server's certificate has expired",
		"The security certificate of {server} is out of date. The provider has not renewed it, and an expired certificate cannot prove that the server is genuine.",
		"Tell {provider} that the certificate of {server} has expired and wait for the renewal. Do not work around it.",
	},
	transport.CodeCertNotYetValid: {
		"Certificate not valid yet: check the clock",
		"The security certificate of {server} only becomes valid at a later date. Almost always this means the date or time of this computer is wrong.",
		"Set the correct date, time and time zone on this computer (automatic time is best), then try again.",
	},
	transport.CodeTLSVersion: {
		"No common way to encrypt",
		"Wren and {server} could not agree on how to encrypt the connection. The server probably knows only old TLS versions (1.0 or 1.1), which are no longer safe; Wren needs TLS 1.2 or newer.",
		"Ask {provider} to enable TLS 1.2 or newer on {server}. Wren will not fall back to an unsafe version.",
	},
	transport.CodeTLSOldRefused: {
		"The server refuses old encryption",
		"{server} refused the connection because the encryption version was too old (Microsoft 365 rejects TLS 1.0 and 1.1). Wren itself always uses TLS 1.2 or newer.",
		"Check that nothing between Wren and the server (an old proxy or antivirus) re-encrypts the connection with an old version; if not, contact {provider}.",
	},
	transport.CodeClientCertRequired: {
		"The server wants a client certificate",
		"{server} asks this computer to prove its identity with a certificate of its own. That is a company setup Wren does not support.",
		"Ask your administrator for a server or port that accepts a normal login with a password.",
	},
	transport.CodeNoSTARTTLS: {
		"The server does not offer encryption",
		"Wren was set to secure the connection to {server} with STARTTLS, but the server did not offer it, or something on the network removed the offer. Wren never sends your password or mail unencrypted.",
		"Switch to SSL/TLS with port 465 (sending), 993 (IMAP) or 995 (POP3). If that fails too, contact {provider}; do not switch encryption off.",
	},
	transport.CodeSTARTTLSTemporary: {
		"Encryption briefly unavailable",
		"{server} said it cannot start encryption (STARTTLS) at the moment because of a temporary problem on its side.",
		"Nothing to change: Wren will try again in a few minutes.",
	},
	transport.CodeCertChanged: {
		"The server's certificate has changed",
		"The security certificate of {server} is not the one you accepted before. It may simply have been renewed, but it can also mean that someone is intercepting the connection.",
		"Ask {provider} or your administrator whether the certificate was renewed, then review and accept the new one in the account settings. Do not accept it on a network you do not trust.",
	},
}
