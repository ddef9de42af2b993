package explain_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"golang.org/x/oauth2"

	"wren/account/oauth"
	"wren/account/secret"
	"wren/transport"
)

// provider is an authorization server whose token endpoint answers every
// request with the OAuth2 error code.
func provider(t *testing.T, code string, status int) oauth.Config {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":%q}`, code)
	}))
	t.Cleanup(srv.Close)
	return oauth.Config{ClientID: "wren", AuthURL: srv.URL + "/auth", TokenURL: srv.URL + "/token", Scopes: []string{"mail"}}
}

// browserSays signs in with a browser that comes straight back with the
// redirect's query (plus the sign-in's state).
func browserSays(t *testing.T, cfg oauth.Config, query url.Values) error {
	_, err := oauth.SignIn(t.Context(), cfg, func(u string) error {
		auth, err := url.Parse(u)
		if err != nil {
			return err
		}
		query.Set("state", auth.Query().Get("state"))
		resp, err := http.Get(auth.Query().Get("redirect_uri") + "?" + query.Encode())
		if err != nil {
			return err
		}
		return resp.Body.Close()
	})
	return err
}

// oauthCases produce the sign-in codes through account/oauth.
var oauthCases = []produced{
	reading(transport.CodeOAuthGrantRevoked, func(t *testing.T) error {
		cfg := provider(t, "invalid_grant", http.StatusBadRequest)
		st := &secret.Memory{}
		if err := oauth.Save(context.Background(), st, "k", &oauth2.Token{RefreshToken: "revoked"}); err != nil {
			t.Fatal(err)
		}
		_, err := oauth.NewTokenSource(cfg, st, "k").Token(t.Context())
		return err
	}),
	reading(transport.CodeOAuthClientRefused, func(t *testing.T) error {
		return browserSays(t, provider(t, "invalid_client", http.StatusUnauthorized), url.Values{"code": {"c0de"}})
	}),
	reading(transport.CodeOAuthDenied, func(t *testing.T) error {
		return browserSays(t, provider(t, "unused", http.StatusBadRequest), url.Values{"error": {"access_denied"}})
	}),
}
