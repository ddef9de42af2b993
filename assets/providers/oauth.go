package providers

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// SASL mechanisms a mail server takes an OAuth2 access token with.
const (
	MechXOAuth2     = "XOAUTH2"
	MechOAuthBearer = "OAUTHBEARER" // RFC 7628
)

// OAuth2 is how Wren signs in to a provider in the browser: the
// authorization-code flow with PKCE and a loopback redirect (RFC 8252),
// as an installed ("public") application.
type OAuth2 struct {
	AuthURL  string
	TokenURL string
	Scopes   []string
	ClientID string
	// ClientSecret is empty where the provider registers desktop apps as
	// public clients (Microsoft). Google issues a secret to installed
	// apps that is not confidential by its own documentation; it is sent
	// but protects nothing.
	ClientSecret string
	// AuthParams are extra query parameters of the authorization URL
	// (Google needs access_type=offline for a refresh token).
	AuthParams map[string]string
	// Mechanisms are the SASL mechanisms the provider's servers take,
	// preferred first.
	Mechanisms []string
}

// Configured reports whether o holds a real client ID rather than the
// placeholder of a build that has none registered.
func (o *OAuth2) Configured() bool {
	return o != nil && o.ClientID != "" && !strings.HasPrefix(o.ClientID, placeholderPrefix)
}

// placeholderPrefix marks a client ID nobody registered yet.
const placeholderPrefix = "REPLACE-ME-"

// Wren's application registrations. THIS IS THE ONE PLACE TO CHANGE THEM:
// a build that ships OAuth2 sign-in replaces these placeholders with the
// client IDs (and Google's non-confidential secret) registered for Wren
// at Google Cloud Console and Microsoft Entra. Until then Configured is
// false and sign-in must not be offered.
const (
	googleClientID     = placeholderPrefix + "google-client-id.apps.googleusercontent.com"
	googleClientSecret = placeholderPrefix + "google-installed-app-secret"
	microsoftClientID  = placeholderPrefix + "microsoft-application-id"
)

var google = OAuth2{
	AuthURL:      "https://accounts.google.com/o/oauth2/v2/auth",
	TokenURL:     "https://oauth2.googleapis.com/token",
	Scopes:       []string{"https://mail.google.com/"},
	ClientID:     googleClientID,
	ClientSecret: googleClientSecret,
	// prompt=consent: without it a second sign-in gets no refresh token.
	AuthParams: map[string]string{"access_type": "offline", "prompt": "consent"},
	Mechanisms: []string{MechOAuthBearer, MechXOAuth2},
}

// microsoft serves personal (Outlook.com) and work accounts alike: the
// "common" tenant lets either sign in.
var microsoft = OAuth2{
	AuthURL:  "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
	TokenURL: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
	Scopes: []string{"https://outlook.office.com/IMAP.AccessAsUser.All",
		"https://outlook.office.com/SMTP.Send", "offline_access"},
	ClientID:   microsoftClientID,
	Mechanisms: []string{MechXOAuth2},
}

// oauthByID are the providers Wren signs in to in the browser, by row ID.
var oauthByID = map[string]*OAuth2{
	"gmail":            &google,
	"google-workspace": &google,
	"outlook":          &microsoft,
	"microsoft365":     &microsoft,
}

// OAuth2Of returns a copy of p's browser sign-in settings, or false when
// Wren has none for p.
func OAuth2Of(p *Provider) (OAuth2, bool) {
	if p == nil {
		return OAuth2{}, false
	}
	o, ok := oauthByID[p.ID]
	if !ok {
		return OAuth2{}, false
	}
	c := *o
	c.Scopes = append([]string(nil), o.Scopes...)
	c.Mechanisms = append([]string(nil), o.Mechanisms...)
	c.AuthParams = make(map[string]string, len(o.AuthParams))
	for k, v := range o.AuthParams {
		c.AuthParams[k] = v
	}
	return c, true
}

func (o *OAuth2) validate() error {
	for _, u := range []string{o.AuthURL, o.TokenURL} {
		if pu, err := url.Parse(u); err != nil || pu.Scheme != "https" || pu.Host == "" {
			return fmt.Errorf("oauth2: bad URL %q", u)
		}
	}
	if o.ClientID == "" || len(o.Scopes) == 0 || len(o.Mechanisms) == 0 {
		return errors.New("oauth2: client ID, scopes and mechanisms are required")
	}
	for _, m := range o.Mechanisms {
		if m != MechXOAuth2 && m != MechOAuthBearer {
			return fmt.Errorf("oauth2: mechanism %q", m)
		}
	}
	return nil
}
