package cli_test

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"wren/account/cli"
	"wren/account/secret"
	"wren/transport/testcert"
	"wren/transport/testserver"
)

// relay is go-smtp's server without login, over implicit TLS, refusing
// what it is told to refuse and recording what it was asked.
type relay struct {
	mu       sync.Mutex
	mailErr  error
	rcptErrs map[string]error
	mails    int
	data     int
}

func (r *relay) NewSession(*gosmtp.Conn) (gosmtp.Session, error) { return &relaySession{r}, nil }

type relaySession struct{ r *relay }

func (s *relaySession) Mail(string, *gosmtp.MailOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	s.r.mails++
	return s.r.mailErr
}

func (s *relaySession) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	s.r.mu.Lock()
	defer s.r.mu.Unlock()
	return s.r.rcptErrs[to]
}

func (s *relaySession) Data(r io.Reader) error {
	s.r.mu.Lock()
	s.r.data++
	s.r.mu.Unlock()
	_, err := io.Copy(io.Discard, r)
	return err
}

func (s *relaySession) Reset()        {}
func (s *relaySession) Logout() error { return nil }

func (r *relay) counts() (mails, data int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mails, r.data
}

func startRelay(t *testing.T, conf *tls.Config) (*relay, string) {
	t.Helper()
	r := &relay{rcptErrs: map[string]error{}}
	srv := gosmtp.NewServer(r)
	srv.Domain = "localhost"
	srv.ErrorLog = log.New(io.Discard, "", 0)
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tl := tls.NewListener(ln, conf)
	done := make(chan struct{})
	go func() { defer close(done); _ = srv.Serve(tl) }()
	t.Cleanup(func() { srv.Close(); tl.Close(); <-done })
	return r, "127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// An outgoing server set up without login is checked with EHLO only; at
// send, its refusal at MAIL FROM is explained with the SMTP code (530
// 5.7.0: a login is required) and the message is kept; refused recipients
// are each named with the server's reply and nothing is delivered.
func TestNoAuthOutgoing(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	pair := testcert.New(t)
	roots := srv.RootCAs.Clone()
	roots.AddCert(pair.CA)
	rl, addr := startRelay(t, pair.Server)
	env := cli.Env{RootCAs: roots, Secrets: &secret.Memory{}}
	dir := t.TempDir()

	r := run(t, env, u.Password+"\n", "--profile", dir, "account", "add", u.Address, "--password-stdin", "--no-auth", "--json",
		"--incoming", "imaps://"+srv.IMAPTLS.Address(), "--outgoing", "smtps://"+addr)
	rep := decode(t, r)
	if r.code != 0 || !rep.OK || rep.Outgoing == nil || rep.Outgoing.Username != "" {
		t.Fatalf("account add --no-auth: exit %d\n%s", r.code, r.stdout)
	}
	if mails, _ := rl.counts(); mails != 0 {
		t.Fatalf("verification started %d mail transactions; EHLO is enough", mails)
	}

	eml := filepath.Join(t.TempDir(), "m.eml")
	body := "From: " + u.Address + "\nTo: good@example.test, nobody@example.test, full@example.test\nSubject: hi\n\nHello.\n"
	if err := os.WriteFile(eml, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	type sendOut struct {
		State  string
		Errors []struct {
			Code, Message string
			Details       struct {
				Server, Step, Recipient string
				ServerCode              string `json:"server_code"`
			}
		}
	}

	rl.mu.Lock()
	rl.mailErr = &gosmtp.SMTPError{Code: 530, EnhancedCode: gosmtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	rl.mu.Unlock()
	r = run(t, env, "", "--profile", dir, "send", eml, "--json")
	var out sendOut
	decodeInto(t, r, &out)
	if r.code != 1 || out.State == "sent" || len(out.Errors) == 0 {
		t.Fatalf("send refused at MAIL FROM: exit %d\n%s", r.code, r.stdout)
	}
	if e := out.Errors[0]; e.Code != "SMTP-12" || e.Message != "kept" || e.Details.Server != addr || e.Details.Step != "mail-from" || e.Details.ServerCode != "530 5.7.0" {
		t.Errorf("MAIL FROM refusal explained as %+v", e)
	}

	rl.mu.Lock()
	rl.mailErr = nil
	rl.rcptErrs["nobody@example.test"] = &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "User unknown"}
	rl.rcptErrs["full@example.test"] = &gosmtp.SMTPError{Code: 552, EnhancedCode: gosmtp.EnhancedCode{5, 2, 2}, Message: "Mailbox full"}
	rl.mu.Unlock()
	r = run(t, env, "", "--profile", dir, "send", eml, "--json")
	out = sendOut{}
	decodeInto(t, r, &out)
	named := map[string]string{}
	for _, e := range out.Errors {
		named[e.Details.Recipient] = e.Code + " " + e.Details.ServerCode + " " + e.Message
	}
	if r.code != 1 || named["nobody@example.test"] != "SEND-02 550 5.1.1 kept" || named["full@example.test"] != "SEND-05 552 5.2.2 kept" {
		t.Errorf("refused recipients: exit %d, named %v\n%s", r.code, named, r.stdout)
	}
	if _, data := rl.counts(); data != 0 {
		t.Errorf("%d messages delivered although recipients were refused", data)
	}
	r = run(t, env, "", "--profile", dir, "send", eml)
	if !strings.Contains(r.stdout, "nobody@example.test") || !strings.Contains(r.stdout, "full@example.test") {
		t.Errorf("the text output does not name every refused recipient:\n%s", r.stdout)
	}

	// The user's choice: send the last one to the recipient the server
	// accepts. It goes out once; the others stay failed, untouched.
	r = run(t, env, "", "--profile", dir, "outbox", "--json")
	var ob outboxOut
	decodeInto(t, r, &ob)
	var last int64
	for _, m := range ob.Messages {
		if m.State == "failed" && m.ID > last {
			last = m.ID
		}
	}
	r = run(t, env, "", "--profile", dir, "outbox", "retry", strconv.FormatInt(last, 10), "--to-accepted", "--json")
	decodeInto(t, r, &ob)
	states := map[int64]string{}
	for _, m := range ob.Messages {
		states[m.ID] = m.State
	}
	if states[last] != "sent" {
		t.Fatalf("--to-accepted: exit %d\n%s", r.code, r.stdout)
	}
	if _, data := rl.counts(); data != 1 {
		t.Errorf("%d messages delivered, want the one sent to the accepted recipient", data)
	}
	if r := run(t, env, "", "--profile", dir, "outbox", "retry", strconv.FormatInt(last-2, 10), "--to-accepted"); r.code == 0 {
		t.Error("a message refused at MAIL FROM was offered to the accepted recipients")
	}
}
