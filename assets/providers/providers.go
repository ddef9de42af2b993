// Package providers is Wren's embedded table of well-known mail providers
// (autodiscovery.md §5): their servers, the username form they expect and
// what the user must do first (app password, enable IMAP, browser sign-in).
// Discovery uses it offline and after live sources, because embedded data
// ages. It has no dependencies on the rest of Wren.
package providers

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:embed providers.json
var tableJSON []byte

// Username forms a provider expects.
const (
	UsernameFull  = "full"  // the whole address
	UsernameLocal = "local" // the part before the @
)

// DomainPlaceholder in a Server.Host stands for the address's domain (a
// provider whose host names follow the domain, e.g. imap.163.com).
const DomainPlaceholder = "%EMAILDOMAIN%"

// Server is one server of a provider.
type Server struct {
	Protocol string `json:"protocol"` // imap, pop3 or smtp
	Host     string `json:"host"`     // may hold DomainPlaceholder
	Port     int    `json:"port"`
	Security string `json:"security"` // tls or starttls
	// Username overrides the provider's UsernameForm for this server
	// (iCloud: local part for IMAP, full address for SMTP).
	Username string `json:"username,omitempty"`
}

// HostFor is s.Host for an address in domain.
func (s Server) HostFor(domain string) string {
	return strings.ReplaceAll(s.Host, DomainPlaceholder, strings.ToLower(domain))
}

// Provider is one row of the table.
type Provider struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Domains    []string `json:"domains,omitempty"`
	MXSuffixes []string `json:"mx,omitempty"`
	Incoming   []Server `json:"incoming"` // best first
	Outgoing   []Server `json:"outgoing"` // best first
	// UsernameForm is UsernameFull or UsernameLocal.
	UsernameForm string `json:"username"`
	// AppPassword: the normal account password fails; a separate one
	// (app password, authorization code, mail key) is needed.
	AppPassword bool `json:"app_password,omitempty"`
	// OAuth: the provider offers browser sign-in; OAuthOnly: nothing else.
	OAuth     bool `json:"oauth,omitempty"`
	OAuthOnly bool `json:"oauth_only,omitempty"`
	// EnableIMAP: IMAP/POP3 must be switched on in webmail first.
	EnableIMAP bool `json:"enable_imap,omitempty"`
	// Bridge: the servers are a local bridge program on loopback.
	Bridge         bool   `json:"bridge,omitempty"`
	HelpURL        string `json:"help_url,omitempty"`
	AppPasswordURL string `json:"app_password_url,omitempty"`
	EnableURL      string `json:"enable_url,omitempty"`
	Note           string `json:"note,omitempty"`
}

// UsernameFormFor is the username form for s: its own, else the
// provider's.
func (p *Provider) UsernameFormFor(s Server) string {
	if s.Username != "" {
		return s.Username
	}
	return p.UsernameForm
}

type table struct {
	all      []Provider
	byDomain map[string]*Provider
}

var load = sync.OnceValues(func() (*table, error) { return parse(tableJSON) })

func parse(data []byte) (*table, error) {
	t := &table{byDomain: map[string]*Provider{}}
	if err := json.Unmarshal(data, &t.all); err != nil {
		return nil, fmt.Errorf("provider table: %w", err)
	}
	for i := range t.all {
		p := &t.all[i]
		if err := p.validate(); err != nil {
			return nil, fmt.Errorf("provider table row %d (%s): %w", i+1, p.ID, err)
		}
		for _, d := range p.Domains {
			if prev, dup := t.byDomain[d]; dup {
				return nil, fmt.Errorf("provider table: domain %s in both %s and %s", d, prev.ID, p.ID)
			}
			t.byDomain[d] = p
		}
	}
	if err := t.checkOAuth(); err != nil {
		return nil, fmt.Errorf("provider table: %w", err)
	}
	return t, nil
}

// checkOAuth ties the sign-in settings to rows that say they offer it.
func (t *table) checkOAuth() error {
	for id, o := range oauthByID {
		if err := o.validate(); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		found := false
		for i := range t.all {
			if t.all[i].ID == id {
				found = t.all[i].OAuth
			}
		}
		if !found {
			return fmt.Errorf("%s: OAuth2 settings for a row without oauth", id)
		}
	}
	return nil
}

// All returns a copy of the table, or the error that makes it unusable
// (only a broken build can have one).
func All() ([]Provider, error) {
	t, err := load()
	if err != nil {
		return nil, err
	}
	return append([]Provider(nil), t.all...), nil
}

// Lookup finds the provider of an email domain (ASCII, any case).
func Lookup(domain string) (*Provider, bool) {
	t, err := load()
	if err != nil {
		return nil, false
	}
	p, ok := t.byDomain[normal(domain)]
	if !ok {
		return nil, false
	}
	c := *p
	return &c, true
}

// ByMX finds the provider whose MX suffix is the longest match for
// mxHost, on label boundaries (so "yahoodns.net" matches
// "mta5.am0.yahoodns.net" but not "notyahoodns.net").
func ByMX(mxHost string) (*Provider, bool) {
	t, err := load()
	if err != nil {
		return nil, false
	}
	h := normal(mxHost)
	var best *Provider
	bestLen := 0
	for i := range t.all {
		for _, s := range t.all[i].MXSuffixes {
			if (h == s || strings.HasSuffix(h, "."+s)) && len(s) > bestLen {
				best, bestLen = &t.all[i], len(s)
			}
		}
	}
	if best == nil {
		return nil, false
	}
	c := *best
	return &c, true
}

func normal(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}
