// Package logintest runs a loopback OAuth provider for tests (mockoidc,
// which approves every sign-in at once) and writes the sign-in settings
// file that points Wren at it through login.EnvProvider.
package logintest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"wren/account/login"
)

// Name is the provider's name, as Wren shows it ("Sign in with …").
const Name = "Example Mail"

// Provider is a running mock provider and its settings file.
type Provider struct {
	*mockoidc.MockOIDC
	File string // for login.EnvProvider
}

// Start runs a provider until the test ends.
func Start(t testing.TB) *Provider {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	p := &Provider{MockOIDC: m}
	p.File = p.FileWith(t, m.TokenEndpoint())
	return p
}

// FileWith writes a settings file for the provider whose token requests
// go to tokenURL (a proxy in front of the provider's own), and returns
// its path.
func (p *Provider) FileWith(t testing.TB, tokenURL string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "provider.json")
	b, err := json.Marshal(login.ProviderFile{Name: Name, AuthURL: p.AuthorizationEndpoint(), TokenURL: tokenURL,
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, Scopes: []string{"openid", "email"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
