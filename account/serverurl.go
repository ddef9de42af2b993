package account

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"wren/transport"
)

// schemes maps the URL schemes people type for servers to a protocol, its
// security and default port: imap:// is STARTTLS, imaps:// implicit TLS.
var schemes = map[string]struct {
	proto Protocol
	sec   transport.Security
	port  int
}{
	"imap":  {IMAP, transport.SecuritySTARTTLS, 143},
	"imaps": {IMAP, transport.SecurityTLS, 993},
	"pop3":  {POP3, transport.SecuritySTARTTLS, 110},
	"pop3s": {POP3, transport.SecurityTLS, 995},
	"smtp":  {SMTP, transport.SecuritySTARTTLS, 587},
	"smtps": {SMTP, transport.SecurityTLS, 465},
}

// ParseServerURL reads a server typed as a URL: imaps://host[:port],
// imap://, pop3s://, pop3://, smtps://, smtp://, optionally with a user
// name (imaps://me@host) and ?security=plain for a plaintext connection,
// which the caller allows only on the user's explicit request.
func ParseServerURL(s string) (Server, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return Server{}, fmt.Errorf("server %q: %w", s, err)
	}
	sc, ok := schemes[strings.ToLower(u.Scheme)]
	if !ok {
		return Server{}, fmt.Errorf("server %q: unknown scheme %q (use imaps, imap, pop3s, pop3, smtps or smtp)", s, u.Scheme)
	}
	host := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if host == "" || u.Path != "" && u.Path != "/" {
		return Server{}, fmt.Errorf("server %q: want SCHEME://HOST[:PORT]", s)
	}
	srv := Server{Protocol: sc.proto, Host: host, Port: sc.port, Security: sc.sec, Auth: AuthPassword, Source: SourceManual}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Server{}, fmt.Errorf("server %q: bad port %q", s, p)
		}
		srv.Port = n
	}
	if u.User != nil {
		srv.Username = u.User.Username()
		if _, has := u.User.Password(); has {
			return Server{}, fmt.Errorf("server %q: a password does not belong in the URL", redactURL(u))
		}
	}
	switch q := u.Query().Get("security"); q {
	case "":
	case "plain":
		srv.Security = transport.SecurityPlain
	default:
		return Server{}, fmt.Errorf("server %q: security=%q (only plain can be asked for; the scheme sets TLS or STARTTLS)", s, q)
	}
	return srv, nil
}

// URL is the inverse of ParseServerURL.
func (s Server) URL() string {
	scheme := string(s.Protocol)
	if s.Security == transport.SecurityTLS {
		scheme += "s"
	}
	u := url.URL{Scheme: scheme, Host: net.JoinHostPort(s.Host, strconv.Itoa(s.Port))}
	if s.Username != "" {
		u.User = url.User(s.Username)
	}
	if s.Security == transport.SecurityPlain {
		u.RawQuery = "security=plain"
	}
	return u.String()
}

func redactURL(u *url.URL) string {
	c := *u
	if c.User != nil {
		c.User = url.User(c.User.Username())
	}
	return c.String()
}
