package login

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"wren/account/oauth"
	"wren/assets/providers"
)

// EnvProvider names a JSON file with one provider's sign-in settings that
// is used for every address: a seam for tests and self-hosted providers
// (an identity server in front of one's own mail server). Its fields are
// those of ProviderFile.
const EnvProvider = "WREN_OAUTH_PROVIDER"

// ProviderFile is the form of the EnvProvider file.
type ProviderFile struct {
	Name         string            `json:"name"`
	AuthURL      string            `json:"auth_url"`
	TokenURL     string            `json:"token_url"`
	ClientID     string            `json:"client_id"`
	ClientSecret string            `json:"client_secret,omitempty"`
	Scopes       []string          `json:"scopes"`
	Mechanisms   []string          `json:"mechanisms,omitempty"`
	AuthParams   map[string]string `json:"auth_params,omitempty"`
}

// Provider is a provider Wren can sign in to in the browser.
type Provider struct {
	Name   string // "Gmail", shown as "Sign in with Gmail"
	OAuth2 providers.OAuth2
}

var (
	// ErrNoSignIn: Wren knows no browser sign-in for the address.
	ErrNoSignIn = errors.New("no browser sign-in is known for this provider")
	// ErrNotRegistered: the provider has a sign-in, but this build of
	// Wren has no client ID registered with it.
	ErrNotRegistered = errors.New("this build of Wren is not registered for browser sign-in with the provider")
)

// ProviderFor finds the browser sign-in for an account: the EnvProvider
// file when set, else known (the provider discovery found, may be nil),
// else the provider of the address's domain, else the one whose incoming
// server is host (a custom domain hosted by Google or Microsoft).
func ProviderFor(getenv func(string) string, address, host string, known *providers.Provider) (Provider, error) {
	if path := getenv(EnvProvider); path != "" {
		return readProviderFile(path)
	}
	p := known
	if p == nil {
		_, domain, _ := strings.Cut(address, "@")
		p, _ = providers.Lookup(domain)
	}
	if _, ok := providers.OAuth2Of(p); !ok {
		p = byIncomingHost(host)
	}
	o, ok := providers.OAuth2Of(p)
	if !ok {
		return Provider{}, fmt.Errorf("%s: %w", address, ErrNoSignIn)
	}
	if !o.Configured() {
		return Provider{}, fmt.Errorf("%s: %w", p.Name, ErrNotRegistered)
	}
	return Provider{Name: p.Name, OAuth2: o}, nil
}

// Settings are the sign-in settings for the user address whose incoming
// server is host.
func Settings(address, host string, getenv func(string) string) (oauth.Config, error) {
	p, err := ProviderFor(getenv, address, host, nil)
	if err != nil {
		return oauth.Config{}, err
	}
	return oauth.ConfigFor(p.OAuth2, address), nil
}

func byIncomingHost(host string) *providers.Provider {
	all, _ := providers.All()
	for i := range all {
		if _, ok := providers.OAuth2Of(&all[i]); !ok {
			continue
		}
		for _, s := range all[i].Incoming {
			if strings.EqualFold(s.Host, host) {
				return &all[i]
			}
		}
	}
	return nil
}

func readProviderFile(path string) (Provider, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Provider{}, fmt.Errorf("%s: %w", EnvProvider, err)
	}
	var f ProviderFile
	if err := json.Unmarshal(b, &f); err != nil {
		return Provider{}, fmt.Errorf("%s %s: %w", EnvProvider, path, err)
	}
	if f.AuthURL == "" || f.TokenURL == "" || f.ClientID == "" {
		return Provider{}, fmt.Errorf("%s %s: auth_url, token_url and client_id are required", EnvProvider, path)
	}
	if f.Name == "" {
		f.Name = "your provider"
	}
	return Provider{Name: f.Name, OAuth2: providers.OAuth2{AuthURL: f.AuthURL, TokenURL: f.TokenURL, ClientID: f.ClientID,
		ClientSecret: f.ClientSecret, Scopes: f.Scopes, Mechanisms: f.Mechanisms, AuthParams: f.AuthParams}}, nil
}
