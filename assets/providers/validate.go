package providers

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// validate checks one row, so a typing mistake in the table fails the
// tests instead of sending a user to a wrong host.
func (p *Provider) validate() error {
	if p.ID == "" || p.Name == "" {
		return errors.New("id and name are required")
	}
	if len(p.Domains) == 0 && len(p.MXSuffixes) == 0 {
		return errors.New("neither domains nor MX suffixes")
	}
	for _, d := range append(append([]string(nil), p.Domains...), p.MXSuffixes...) {
		if !ValidHost(d) || d != strings.ToLower(d) {
			return fmt.Errorf("bad domain %q", d)
		}
	}
	switch p.UsernameForm {
	case UsernameFull, UsernameLocal:
	default:
		return fmt.Errorf("username form %q", p.UsernameForm)
	}
	if len(p.Incoming) == 0 || len(p.Outgoing) == 0 {
		return errors.New("needs incoming and outgoing servers")
	}
	for _, s := range p.Incoming {
		if s.Protocol != "imap" && s.Protocol != "pop3" {
			return fmt.Errorf("incoming protocol %q", s.Protocol)
		}
		if err := p.validServer(s); err != nil {
			return err
		}
	}
	for _, s := range p.Outgoing {
		if s.Protocol != "smtp" {
			return fmt.Errorf("outgoing protocol %q", s.Protocol)
		}
		if err := p.validServer(s); err != nil {
			return err
		}
	}
	for _, u := range []string{p.HelpURL, p.AppPasswordURL, p.EnableURL} {
		if u == "" {
			continue
		}
		if pu, err := url.Parse(u); err != nil || pu.Scheme != "https" || pu.Host == "" {
			return fmt.Errorf("bad URL %q", u)
		}
	}
	return nil
}

func (p *Provider) validServer(s Server) error {
	host := s.HostFor("example.com")
	switch {
	case net.ParseIP(host) != nil:
		// Only a local bridge lives on an IP address.
		if !p.Bridge || !net.ParseIP(host).IsLoopback() {
			return fmt.Errorf("IP address host %q", host)
		}
	case !ValidHost(host) || host != strings.ToLower(host):
		return fmt.Errorf("bad host %q", s.Host)
	}
	if s.Port < 1 || s.Port > 65535 {
		return fmt.Errorf("%s: port %d", s.Host, s.Port)
	}
	if s.Security != "tls" && s.Security != "starttls" {
		return fmt.Errorf("%s: security %q", s.Host, s.Security)
	}
	switch s.Username {
	case "", UsernameFull, UsernameLocal:
	default:
		return fmt.Errorf("%s: username form %q", s.Host, s.Username)
	}
	return nil
}

// ValidHost reports whether name is an LDH host name with at least two
// labels: letters, digits and inner hyphens, labels of 1 to 63 bytes,
// at most 253 bytes in all.
func ValidHost(name string) bool {
	if len(name) == 0 || len(name) > 253 {
		return false
	}
	labels := strings.Split(name, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
