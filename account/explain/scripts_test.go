package explain_test

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
	"wren/transport/imap"
	"wren/transport/pop3"
	"wren/transport/smtp"
)

const (
	user     = "alice@example.com"
	password = "hunter2-Secret" // must never show up in an explanation
)

// smtpCase is a session with a scripted submission server over implicit
// TLS: greet, EHLO, login, then one message to bob@example.com.
type smtpCase struct {
	greeting string            // default "220 fake ESMTP"
	ehlo     []string          // extensions; default AUTH PLAIN LOGIN
	replies  map[string]string // by verb ("MAIL", "RCPT", "DATA", "." for the end of data)
	to       []string          // default bob@example.com; use []string{} for none
	body     string
	size     int64
	starttls bool   // SecuritySTARTTLS on a plaintext listener
	token    string // log in with this OAuth access token, not the password
	tune     func(o *transport.Options, ep *transport.Endpoint)
}

func (c smtpCase) script(conf *tls.Config) func(s *fsess) {
	return func(s *fsess) {
		greeting := c.greeting
		if greeting == "" {
			greeting = "220 fake ESMTP"
		}
		if !s.reply(greeting) {
			return
		}
		ehlo := c.ehlo
		if ehlo == nil {
			ehlo = []string{"AUTH PLAIN LOGIN"}
		}
		for {
			line, ok := s.read()
			if !ok {
				return
			}
			verb, _, _ := strings.Cut(line, " ")
			verb = strings.ToUpper(verb)
			r, scripted := c.replies[verb]
			switch {
			case scripted && verb == "STARTTLS":
				if !s.reply(r) {
					return
				}
				continue
			case scripted:
			case verb == "EHLO":
				r = "250-fake"
				for _, e := range ehlo {
					r += "\r\n250-" + e
				}
				r += "\r\n250 8BITMIME"
			case verb == "STARTTLS":
				if !s.reply("220 go ahead") || !s.upgrade(conf) {
					return
				}
				continue
			case verb == "AUTH":
				r = "235 2.7.0 accepted"
			case verb == "DATA":
				r = "354 go on"
			case verb == "QUIT":
				r = "221 bye" + closeAfter
			default:
				r = "250 2.0.0 ok"
			}
			if !s.reply(r) {
				return
			}
			if verb == "DATA" && strings.HasPrefix(r, "354") {
				for {
					l, ok := s.read()
					if !ok {
						return
					}
					if l == "." {
						break
					}
				}
				end, ok := c.replies["."]
				if !ok {
					end = "250 2.0.0 queued as 1"
				}
				if !s.reply(end) {
					return
				}
			}
		}
	}
}

// run drives transport/smtp through the whole session and returns the
// first error.
func (c smtpCase) run(t *testing.T) error {
	pair, opts := trusted(t)
	sec, conf := transport.SecurityTLS, pair.Server
	if c.starttls {
		sec, conf = transport.SecuritySTARTTLS, nil
	}
	port := serve(t, conf, c.script(pair.Server))
	ep := local(port, sec)
	if c.tune != nil {
		c.tune(&opts, &ep)
	}
	ctx := t.Context()
	cl, err := smtp.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer cl.Close()
	login := cl.Login
	if c.token != "" {
		login = func(ctx context.Context, u, _ string) error { return cl.LoginOAuth(ctx, u, c.token) }
	}
	if err := login(ctx, user, password); err != nil {
		return err
	}
	to := c.to
	if to == nil {
		to = []string{"bob@example.com"}
	}
	body := c.body
	if body == "" {
		body = "Subject: hi\r\n\r\nhello\r\n"
	}
	size := c.size
	if size == 0 {
		size = int64(len(body))
	}
	_, err = cl.Send(ctx, smtp.Envelope{From: user, To: to}, size, strings.NewReader(body), smtp.SendOptions{})
	return err
}

// imapCase is a session with a scripted IMAP server over implicit TLS:
// greeting, AUTHENTICATE PLAIN, then after.
type imapCase struct {
	greeting string            // default: OK with the capabilities
	caps     string            // default "IMAP4rev1 AUTH=PLAIN SASL-IR"
	replies  map[string]string // by command ("SELECT", "UID COPY"); "<tag>" is replaced
	plain    bool              // SecurityPlain, no TLS
	token    string            // log in with this OAuth access token, not the password
	tune     func(o *transport.Options, ep *transport.Endpoint)
	after    func(ctx context.Context, cl *imap.Client) error
}

func (c imapCase) script(s *fsess) { c.scriptWith(s, func(string) {}) }

// scriptWith is script calling seen with each command's name.
func (c imapCase) scriptWith(s *fsess, seen func(name string)) {
	caps := c.caps
	if caps == "" {
		caps = "IMAP4rev1 AUTH=PLAIN SASL-IR"
	}
	greeting := c.greeting
	if greeting == "" {
		greeting = "* OK [CAPABILITY " + caps + "] fake ready"
	}
	if !s.reply(greeting) {
		return
	}
	for {
		line, ok := s.read()
		if !ok {
			return
		}
		tag, rest, _ := strings.Cut(line, " ")
		name, args, _ := strings.Cut(rest, " ")
		name = strings.ToUpper(name)
		if name == "UID" {
			sub, _, _ := strings.Cut(args, " ")
			name = "UID " + strings.ToUpper(sub)
		}
		seen(name)
		r, ok := c.replies[name]
		switch {
		case ok:
		case name == "CAPABILITY":
			r = "* CAPABILITY " + caps + "\r\n<tag> OK done"
		case name == "SELECT" || name == "EXAMINE":
			r = "* 1 EXISTS\r\n* FLAGS (\\Seen)\r\n* OK [UIDVALIDITY 7] ok\r\n* OK [UIDNEXT 2] ok\r\n<tag> OK [READ-WRITE] done"
		case name == "LOGOUT":
			r = "* BYE bye\r\n<tag> OK done" + closeAfter
		default:
			r = "<tag> OK done"
		}
		if !s.reply(strings.ReplaceAll(r, "<tag>", tag)) {
			return
		}
	}
}

func (c imapCase) run(t *testing.T) error {
	pair, opts := trusted(t)
	sec, conf := transport.SecurityTLS, pair.Server
	if c.plain {
		sec, conf = transport.SecurityPlain, nil
	}
	ep := local(serve(t, conf, c.script), sec)
	if c.tune != nil {
		c.tune(&opts, &ep)
	}
	ctx := t.Context()
	cl, err := imap.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer cl.Close()
	login := cl.Login
	if c.token != "" {
		login = func(ctx context.Context, u, _ string) error { return cl.LoginOAuth(ctx, u, c.token) }
	}
	if err := login(ctx, user, password); err != nil {
		return err
	}
	if c.after == nil {
		return nil
	}
	return c.after(ctx, cl)
}

// selectThen selects INBOX, then runs f.
func selectThen(f func(ctx context.Context, cl *imap.Client) error) func(context.Context, *imap.Client) error {
	return func(ctx context.Context, cl *imap.Client) error {
		if _, err := cl.Select(ctx, "INBOX", false); err != nil {
			return err
		}
		return f(ctx, cl)
	}
}

func selectInbox(ctx context.Context, cl *imap.Client) error {
	_, err := cl.Select(ctx, "INBOX", false)
	return err
}

var oneUID = goimap.UIDSetNum(1)

// popCase is a session with a scripted POP3 server over implicit TLS:
// greeting, CAPA, USER/PASS, then after (default STAT).
type popCase struct {
	replies map[string]string // by verb
	plain   bool
	after   func(ctx context.Context, c *pop3.Client) error
}

func (c popCase) script(s *fsess) {
	if !s.reply("+OK fake POP3 ready") {
		return
	}
	for {
		line, ok := s.read()
		if !ok {
			return
		}
		verb, _, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		r, ok := c.replies[verb]
		switch {
		case ok:
		case verb == "CAPA":
			r = "+OK\r\nUSER\r\nRESP-CODES\r\nUIDL\r\nTOP\r\n."
		case verb == "STAT":
			r = "+OK 1 120"
		case verb == "QUIT":
			r = "+OK bye" + closeAfter
		default:
			r = "+OK"
		}
		if !s.reply(r) {
			return
		}
	}
}

func (c popCase) run(t *testing.T) error {
	pair, opts := trusted(t)
	sec, conf := transport.SecurityTLS, pair.Server
	if c.plain {
		sec, conf = transport.SecurityPlain, nil
	}
	ep := local(serve(t, conf, c.script), sec)
	ctx := t.Context()
	cl, err := pop3.Dial(ctx, ep, opts)
	if err != nil {
		return err
	}
	defer cl.Close()
	if err := cl.Login(ctx, user, password); err != nil {
		return err
	}
	if c.after == nil {
		_, _, err = cl.Stat(ctx)
		return err
	}
	return c.after(ctx, cl)
}

// smtpLogin dials ep and logs in.
func smtpLogin(t *testing.T, ep transport.Endpoint, o transport.Options) error {
	cl, err := smtp.Dial(t.Context(), ep, o)
	if err != nil {
		return err
	}
	defer cl.Close()
	return cl.Login(t.Context(), user, password)
}

func imapLogin(t *testing.T, ep transport.Endpoint, o transport.Options) error {
	cl, err := imap.Dial(t.Context(), ep, o)
	if err != nil {
		return err
	}
	defer cl.Close()
	return cl.Login(t.Context(), user, password)
}

func popLogin(t *testing.T, ep transport.Endpoint, o transport.Options) error {
	cl, err := pop3.Dial(t.Context(), ep, o)
	if err != nil {
		return err
	}
	defer cl.Close()
	return cl.Login(t.Context(), user, password)
}
