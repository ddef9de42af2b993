package testserver

import (
	"crypto/x509"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"wren/transport"
)

// DefaultDir is where .ci/test-servers keeps its state when
// WREN_TEST_SERVERS_DIR is not set.
const DefaultDir = "/tmp/wren-test-servers"

// config is servers.json as .ci/test-servers writes it.
type config struct {
	Host     string `json:"host"`
	Domain   string `json:"domain"`
	CAFile   string `json:"ca_file"`
	UsersDir string `json:"users_dir"`
	MailDir  string `json:"mail_dir"`
	Ports    struct {
		IMAPSTARTTLS   int `json:"imap_starttls"`
		IMAPTLS        int `json:"imap_tls"`
		POP3STARTTLS   int `json:"pop3_starttls"`
		POP3TLS        int `json:"pop3_tls"`
		SubmitSTARTTLS int `json:"submit_starttls"`
		SubmitTLS      int `json:"submit_tls"`
		SubmitBig      int `json:"submit_big"`
	} `json:"ports"`
}

// stateDir is the harness directory the environment points at.
func stateDir() string {
	if d := os.Getenv("WREN_TEST_SERVERS_DIR"); d != "" {
		return d
	}
	return DefaultDir
}

// load reads dir/servers.json and the CA it names.
func load(dir string) (*Servers, error) {
	b, err := os.ReadFile(filepath.Join(dir, "servers.json"))
	if err != nil {
		return nil, err
	}
	var c config
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("servers.json: %w", err)
	}
	if c.Host == "" || c.Domain == "" || c.UsersDir == "" {
		return nil, fmt.Errorf("servers.json lacks host, domain or users_dir")
	}
	pem, err := os.ReadFile(c.CAFile)
	if err != nil {
		return nil, fmt.Errorf("test CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("test CA %s holds no certificate", c.CAFile)
	}
	ep := func(port int, sec transport.Security) transport.Endpoint {
		return transport.Endpoint{Host: c.Host, Port: port, Security: sec}
	}
	s := &Servers{
		IMAPSTARTTLS:   ep(c.Ports.IMAPSTARTTLS, transport.SecuritySTARTTLS),
		IMAPTLS:        ep(c.Ports.IMAPTLS, transport.SecurityTLS),
		POP3STARTTLS:   ep(c.Ports.POP3STARTTLS, transport.SecuritySTARTTLS),
		POP3TLS:        ep(c.Ports.POP3TLS, transport.SecurityTLS),
		SubmitSTARTTLS: ep(c.Ports.SubmitSTARTTLS, transport.SecuritySTARTTLS),
		SubmitTLS:      ep(c.Ports.SubmitTLS, transport.SecurityTLS),
		SubmitBig:      ep(c.Ports.SubmitBig, transport.SecurityTLS),
		Domain:         c.Domain,
		RootCAs:        pool,
		CAFile:         c.CAFile,
		Dir:            dir,
		usersDir:       c.UsersDir,
	}
	for _, e := range s.endpoints() {
		if err := e.Validate(); err != nil {
			return nil, fmt.Errorf("servers.json: %s: %w", e, err)
		}
	}
	return s, nil
}

func (s *Servers) endpoints() []transport.Endpoint {
	return []transport.Endpoint{s.IMAPSTARTTLS, s.IMAPTLS, s.POP3STARTTLS, s.POP3TLS, s.SubmitSTARTTLS, s.SubmitTLS, s.SubmitBig}
}
