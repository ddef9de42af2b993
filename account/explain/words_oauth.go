package explain

import "wren/transport"

// oauthWords are the failures of browser sign-in (OAuth2).
var oauthWords = map[transport.Code]words{
	transport.CodeOAuthNotOffered: {
		"Server does not take browser sign-in",
		"{server} offers no way to log in with a sign-in token (OAuth), so the browser sign-in cannot be used with it.",
		"Check the server settings against {provider}'s help pages, or use a password or app password for this server.",
	},
}
