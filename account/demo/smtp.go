package demo

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

const (
	// maxMessageBytes bounds one submitted message (and what is held in
	// memory for it).
	maxMessageBytes = 25 << 20
	maxRecipients   = 100
)

// errAuthRequired is RFC 4954's answer to mail before AUTH (go-smtp's own
// ErrAuthRequired says 502, which clients read as a protocol error).
var errAuthRequired = &gosmtp.SMTPError{
	Code:         530,
	EnhancedCode: gosmtp.EnhancedCode{5, 7, 0},
	Message:      "Authentication required",
}

func newSMTPServer(d *Demo, logger *slog.Logger) *gosmtp.Server {
	s := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) {
		return &submission{d: d}, nil
	}))
	s.Domain = "wren.example"
	s.MaxMessageBytes = maxMessageBytes
	s.MaxRecipients = maxRecipients
	s.MaxLineLength = 4000
	s.ReadTimeout = 10 * time.Minute
	s.WriteTimeout = time.Minute
	s.EnableSMTPUTF8 = true
	s.ErrorLog = printfLogger{logger.With("server", "smtp")}
	// AllowInsecureAuth stays false; the listener is implicit TLS.
	return s
}

// submission is one SMTP session: AUTH PLAIN as the demo user, then any
// number of messages. Mail to the demo address lands in its INBOX; other
// recipients are accepted and dropped, so the demo never relays.
type submission struct {
	d       *Demo
	authed  bool
	forDemo bool
}

var _ gosmtp.AuthSession = (*submission)(nil)

func (s *submission) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *submission) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, gosmtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if identity != "" && identity != username {
			return gosmtp.ErrAuthFailed
		}
		if err := s.d.store.user.Login(username, password); err != nil {
			return gosmtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *submission) Mail(string, *gosmtp.MailOptions) error {
	if !s.authed {
		return errAuthRequired
	}
	return nil
}

func (s *submission) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	if !s.authed {
		return errAuthRequired
	}
	if strings.EqualFold(to, Address) {
		s.forDemo = true
	}
	return nil
}

func (s *submission) Data(r io.Reader) error {
	if !s.authed {
		return errAuthRequired
	}
	// go-smtp enforces MaxMessageBytes on r; the limit here is a second
	// fence for the buffer.
	raw, err := io.ReadAll(io.LimitReader(r, maxMessageBytes+1))
	if err != nil {
		return err
	}
	if len(raw) > maxMessageBytes {
		return fmt.Errorf("demo smtp: message over %d bytes", maxMessageBytes)
	}
	if !s.forDemo {
		return nil
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		raw = append(raw, '\r', '\n')
	}
	return s.d.store.deliver("INBOX", raw, nil, time.Now())
}

func (s *submission) Reset()        { s.forDemo = false }
func (s *submission) Logout() error { return nil }
