package explain

import "wren/transport"

// oauthWords are the failures of browser sign-in (OAuth2): the provider's
// answers to Wren (account/oauth) and mail servers that take no token.
// "Sign in again" names the menu path, since that is the only fix.
var oauthWords = map[transport.Code]words{
	transport.CodeOAuthGrantRevoked: {
		"Browser sign-in has expired",
		"{provider?% no longer accepts|Your provider no longer accepts} the sign-in you gave Wren: it was revoked (for example after a password change, or on the account's security page) or it expired after a long time unused.",
		"Sign in to {provider?%|the account} again: Settings → Accounts → Sign in again… (on the command line: wren account signin ACCOUNT).",
	},
	transport.CodeOAuthClientRefused: {
		"Provider refused Wren's sign-in",
		"{provider?% did not accept|Your provider did not accept} Wren's request to sign in: Wren's registration with it is missing or disabled, or this account may use only apps its organisation approved.",
		"Update Wren. If the account belongs to an organisation, ask its administrator to allow Wren; meanwhile use an app password if {provider} offers them.",
	},
	transport.CodeOAuthDenied: {
		"Sign-in was not completed",
		"The sign-in with {provider} did not complete: it was cancelled, Wren's permission to read and send mail was declined, or it took too long.",
		"Start the sign-in again and allow Wren access to your mail when asked.",
	},
	transport.CodeOAuthNotOffered: {
		"Server does not take browser sign-in",
		"{server} offers no way to log in with a sign-in token (OAuth), so the browser sign-in cannot be used with it.",
		"Check the server settings against {provider}'s help pages, or use a password or app password for this server.",
	},
}
