package oauth

import (
	"errors"
	"fmt"
	"net"
	"net/url"

	"golang.org/x/oauth2"

	"wren/transport"
)

// Sentinels matched with errors.Is. Every error from the provider is a
// *ProviderError inside a *transport.Error carrying the catalog code.
var (
	// ErrAccessDenied: the user cancelled or declined on the provider's
	// page (error=access_denied on the redirect).
	ErrAccessDenied = errors.New("access was not granted on the sign-in page")
	// ErrInvalidGrant: the token endpoint refused the code or the refresh
	// token (revoked, expired, or the PKCE verifier did not match).
	ErrInvalidGrant = errors.New("the provider refused the grant")
	// ErrInvalidClient: the provider does not accept Wren's client ID (or
	// secret), or this client for this account.
	ErrInvalidClient = errors.New("the provider refused Wren's client registration")
	// ErrNoRefreshToken: the provider signed in but gave no refresh token,
	// so the sign-in could not be kept.
	ErrNoRefreshToken = errors.New("the provider gave no refresh token")
	// ErrNotSignedIn: the keyring holds no sign-in for this server.
	ErrNotSignedIn = errors.New("not signed in")
)

// ProviderError is an OAuth2 error the provider answered with (RFC 6749
// §4.1.2.1 on the redirect, §5.2 from the token endpoint). Description is
// the provider's text; neither field ever holds a token.
type ProviderError struct {
	Step        transport.Step // StepAuthorize or StepToken
	Code        string         // "access_denied", "invalid_grant" ...
	Description string
	HTTPStatus  int // of the token endpoint's answer; 0 on the redirect
}

func (e *ProviderError) Error() string {
	s := fmt.Sprintf("oauth2 %s: %s", e.Step, e.Code)
	if e.Code == "" {
		s = fmt.Sprintf("oauth2 %s: HTTP status %d", e.Step, e.HTTPStatus)
	}
	if e.Description != "" {
		s += ": " + e.Description
	}
	return s
}

// Is matches the sentinel of e's code.
func (e *ProviderError) Is(target error) bool {
	switch target {
	case ErrAccessDenied:
		return e.Code == "access_denied"
	case ErrInvalidGrant:
		return e.Code == "invalid_grant"
	case ErrInvalidClient:
		return e.Code == "invalid_client" || e.Code == "unauthorized_client"
	}
	return false
}

// codeOf files a provider error in the catalog. invalid_grant means a
// revoked sign-in only on refresh; when exchanging a fresh code it means
// the sign-in did not complete (code too old, verifier mismatch), which
// only a new sign-in in the browser fixes.
func codeOf(pe *ProviderError) transport.Code {
	switch pe.Code {
	case "invalid_grant":
		if pe.Step == transport.StepToken {
			return transport.CodeOAuthGrantRevoked
		}
		return transport.CodeOAuthDenied
	case "access_denied":
		return transport.CodeOAuthDenied
	case "invalid_client", "unauthorized_client", "invalid_scope", "unsupported_grant_type",
		"unsupported_response_type", "invalid_request":
		return transport.CodeOAuthClientRefused
	}
	return ""
}

// providerError wraps pe as the transport error explain reads.
func providerError(pe *ProviderError, endpoint string) error {
	code := codeOf(pe)
	if code == "" {
		// server_error, temporarily_unavailable, an HTML error page: the
		// provider is having trouble; trying later may help.
		return &transport.Error{Protocol: transport.ProtoOAuth, Server: serverOf(endpoint), Step: pe.Step,
			ServerCode: pe.Code, ServerText: pe.Description, Retry: transport.RetryYes, Err: pe}
	}
	info, _ := transport.Lookup(code)
	return &transport.Error{Code: code, Protocol: transport.ProtoOAuth, Server: serverOf(endpoint), Step: pe.Step,
		ServerCode: pe.Code, ServerText: pe.Description, Retry: info.Retry, Err: pe}
}

// tokenError classifies a failed request to the token endpoint. step is
// StepAuthorize for the code exchange (the end of the sign-in), StepToken
// for a refresh.
func tokenError(err error, tokenURL string, step transport.Step) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		pe := &ProviderError{Step: step, Code: re.ErrorCode, Description: re.ErrorDescription}
		if re.Response != nil {
			pe.HTTPStatus = re.Response.StatusCode
		}
		// The exchange counts as the sign-in's step for the wording, the
		// request itself went to the token endpoint.
		return providerError(pe, tokenURL)
	}
	return transport.Classify(err, transport.ProtoOAuth, serverOf(tokenURL), transport.StepToken)
}

// serverOf is the host:port of an endpoint URL, as transport errors name
// servers.
func serverOf(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return ""
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "443"
	if u.Scheme == "http" {
		port = "80"
	}
	return net.JoinHostPort(u.Hostname(), port)
}
