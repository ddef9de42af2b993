package explain

import "wren/assets/providers"

// The fix where only browser sign-in (OAuth) works: Wren's own sign-in
// where this build has one for the provider, else what still works.
const (
	oauthFixSignIn = "Sign in with {provider} in the browser instead: “Sign in with {provider}” when adding the account, or Settings → Accounts → Sign in again… for an account already added (on the command line: wren account add --oauth)."
	oauthFixNone   = "This copy of Wren has no browser sign-in for {provider}: use an app password if {provider} offers one, or {provider}'s app or web mail for this account."
	// Where the provider is not known (a sync's failure).
	oauthFixUnknown = "Where Wren offers browser sign-in for the account's provider (Gmail, Microsoft), use Settings → Accounts → Sign in again…; otherwise use an app password if the provider offers one."
)

func oauthFix(p Provider) string {
	switch {
	case p.SignIn:
		return oauthFixSignIn
	case p.Name == "":
		return oauthFixUnknown
	}
	return oauthFixNone
}

// ProviderOf is what the explanations use of a provider table row (nil:
// nothing known).
func ProviderOf(p *providers.Provider) Provider {
	if p == nil {
		return Provider{}
	}
	o, ok := providers.OAuth2Of(p)
	return Provider{Name: p.Name, AppPasswordURL: p.AppPasswordURL, EnableURL: p.EnableURL, HelpURL: p.HelpURL,
		OAuthOnly: p.OAuthOnly, SignIn: ok && o.Configured()}
}
