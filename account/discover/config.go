package discover

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"

	"wren/account"
	"wren/assets/providers"
	"wren/transport"
)

// MaxConfigSize caps a config file (§2.3); the largest ISPDB file is
// under 9 KB.
const MaxConfigSize = 128 << 10

// ErrBadConfig is a config file that cannot be used at all.
var ErrBadConfig = errors.New("unusable autoconfig file")

// The XML model of config-v1.1.xml (autodiscovery.md §3.1). Every
// element that may repeat is a slice, so a second section never
// overwrites the first.
type xmlClientConfig struct {
	XMLName   xml.Name      `xml:"clientConfig"`
	Providers []xmlProvider `xml:"emailProvider"`
}

type xmlProvider struct {
	ID          string      `xml:"id,attr"`
	Domains     []string    `xml:"domain"`
	DisplayName []string    `xml:"displayName"`
	Incoming    []xmlServer `xml:"incomingServer"`
	Outgoing    []xmlServer `xml:"outgoingServer"`
	Docs        []xmlDoc    `xml:"documentation"`
	Enable      []xmlEnable `xml:"enable"`
}

type xmlServer struct {
	Type       string   `xml:"type,attr"`
	Hostname   []string `xml:"hostname"`
	Port       []string `xml:"port"`
	SocketType []string `xml:"socketType"`
	Username   []string `xml:"username"`
	Auth       []string `xml:"authentication"`
}

type xmlDoc struct {
	URL   string   `xml:"url,attr"`
	Descr []string `xml:"descr"`
}

type xmlEnable struct {
	URL         string   `xml:"visiturl,attr"`
	Instruction []string `xml:"instruction"`
}

// Config is a parsed, validated config file for one address.
type Config struct {
	ID, Name string
	Domains  []string
	// Incoming and Outgoing keep document order; plaintext sections are
	// in Plaintext instead, never auto-selected.
	Incoming, Outgoing []Section
	Plaintext          []Section
	Enable             []Enable
	Docs               []Doc
	// Skipped says why sections were dropped (unknown type, bad field).
	Skipped []string
}

// Section is one usable server section.
type Section struct {
	Server    account.Server // Username = Usernames[0]
	Usernames []string
	// OAuthOnly: the section lists only OAuth2, which Wren cannot do.
	OAuthOnly bool
	// Stated: the file gave a username (literal or placeholder).
	Stated bool
}

// Usable reports whether the file has both sides (§2.3): at least one
// IMAP or POP3 and one SMTP section that may be selected automatically.
func (c *Config) Usable() bool { return len(c.Incoming) > 0 && len(c.Outgoing) > 0 }

// NeedsOAuth reports whether every selectable incoming section needs
// browser sign-in.
func (c *Config) NeedsOAuth() bool {
	for _, s := range c.Incoming {
		if !s.OAuthOnly {
			return false
		}
	}
	return len(c.Incoming) > 0
}

// ParseConfig reads a config-v1.1.xml document for a. allowIP permits IP
// addresses as host names (local override files only). Sections with an
// invalid field are dropped alone; the error is for a document that is
// not a clientConfig at all or names no domain.
func ParseConfig(data []byte, a Address, allowIP bool) (*Config, error) {
	if len(data) > MaxConfigSize {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrBadConfig, MaxConfigSize)
	}
	var doc xmlClientConfig
	// encoding/xml resolves no external entities and is strict; leave it
	// that way.
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadConfig, err)
	}
	if len(doc.Providers) == 0 {
		return nil, fmt.Errorf("%w: no emailProvider", ErrBadConfig)
	}
	p := doc.Providers[0]
	c := &Config{ID: p.ID, Name: first(p.DisplayName)}
	for _, d := range p.Domains {
		if d = strings.TrimSpace(d); d != "" {
			c.Domains = append(c.Domains, strings.ToLower(d))
		}
	}
	if len(c.Domains) == 0 {
		return nil, fmt.Errorf("%w: no domain", ErrBadConfig)
	}
	for i, x := range p.Incoming {
		c.add(x, i, true, a, allowIP)
	}
	for i, x := range p.Outgoing {
		c.add(x, i, false, a, allowIP)
	}
	for _, d := range p.Docs {
		if u := strings.TrimSpace(d.URL); u != "" {
			c.Docs = append(c.Docs, Doc{URL: u, Descr: strings.TrimSpace(first(d.Descr))})
		}
	}
	for _, e := range p.Enable {
		c.Enable = append(c.Enable, Enable{URL: strings.TrimSpace(e.URL), Instruction: strings.TrimSpace(first(e.Instruction))})
	}
	return c, nil
}

func (c *Config) add(x xmlServer, i int, incoming bool, a Address, allowIP bool) {
	side := "outgoingServer"
	if incoming {
		side = "incomingServer"
	}
	s, err := section(x, incoming, a, allowIP)
	if err != nil {
		c.Skipped = append(c.Skipped, fmt.Sprintf("%s #%d: %v", side, i+1, err))
		return
	}
	switch {
	case s.Server.Security == transport.SecurityPlain:
		c.Plaintext = append(c.Plaintext, s)
	case incoming:
		c.Incoming = append(c.Incoming, s)
	default:
		c.Outgoing = append(c.Outgoing, s)
	}
}

func section(x xmlServer, incoming bool, a Address, allowIP bool) (Section, error) {
	var srv account.Server
	switch t := strings.ToLower(strings.TrimSpace(x.Type)); {
	case incoming && t == "imap":
		srv.Protocol = account.IMAP
	case incoming && t == "pop3":
		srv.Protocol = account.POP3
	case !incoming && t == "smtp":
		srv.Protocol = account.SMTP
	default:
		return Section{}, fmt.Errorf("type %q not supported", x.Type)
	}
	host := strings.ToLower(strings.TrimSuffix(a.substitute(strings.TrimSpace(first(x.Hostname))), "."))
	if err := checkHost(host, allowIP); err != nil {
		return Section{}, err
	}
	srv.Host = host
	port, err := strconv.Atoi(strings.TrimSpace(first(x.Port)))
	if err != nil || port < 1 || port > 65535 {
		return Section{}, fmt.Errorf("bad port %q", first(x.Port))
	}
	srv.Port = port
	if srv.Security, err = socketType(x.SocketType); err != nil {
		return Section{}, err
	}
	auth, oauthOnly, err := authMethod(x.Auth, incoming)
	if err != nil {
		return Section{}, err
	}
	srv.Auth = auth
	s := Section{OAuthOnly: oauthOnly}
	if auth != account.AuthNone {
		s.Usernames = a.usernames(first(x.Username))
		s.Stated = len(x.Username) > 0
		if len(s.Usernames) > 0 {
			srv.Username = s.Usernames[0]
		}
	}
	s.Server = srv
	return s, nil
}

// socketType takes the first known value: SSL or TLS (implicit),
// STARTTLS, plain.
func socketType(vals []string) (transport.Security, error) {
	for _, v := range vals {
		switch strings.ToUpper(strings.TrimSpace(v)) {
		case "SSL", "TLS":
			return transport.SecurityTLS, nil
		case "STARTTLS":
			return transport.SecuritySTARTTLS, nil
		case "PLAIN":
			return transport.SecurityPlain, nil
		}
	}
	return 0, fmt.Errorf("socketType %q not supported", vals)
}

// authMethod reads the authentication list in order of preference. Only
// OAuth2 left means the section needs browser sign-in, which Wren cannot
// do yet; nothing supported drops the section.
func authMethod(vals []string, incoming bool) (account.AuthMethod, bool, error) {
	if len(vals) == 0 {
		return account.AuthPassword, false, nil
	}
	oauth := false
	for _, v := range vals {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "password-cleartext", "plain", "password-encrypted", "secure":
			return account.AuthPassword, false, nil
		case "none", "client-ip-address", "smtp-after-pop":
			if !incoming {
				return account.AuthNone, false, nil
			}
		case "oauth2":
			oauth = true
		}
	}
	if oauth {
		return account.AuthOAuth2, true, nil
	}
	return "", false, fmt.Errorf("no supported authentication in %q", vals)
}

// checkHost requires a valid LDH host name (an IP only when allowed).
func checkHost(h string, allowIP bool) error {
	if net.ParseIP(h) != nil {
		if allowIP {
			return nil
		}
		return fmt.Errorf("IP address %q not allowed here", h)
	}
	if !providers.ValidHost(h) {
		return fmt.Errorf("bad hostname %q", h)
	}
	return nil
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
