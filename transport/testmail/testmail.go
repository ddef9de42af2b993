// Package testmail is a scripted IMAP or SMTP server on loopback for
// tests of failures real servers will not produce on demand: no
// encryption, a refused STARTTLS, a certificate for another name, a login
// refused, MAIL FROM refused. It records the commands it received.
package testmail

import (
	"bufio"
	"crypto/tls"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Config says how the server behaves. The zero value of a field is the
// well-behaved answer.
type Config struct {
	SMTP bool // SMTP instead of IMAP
	// TLS makes the port implicit TLS with this certificate.
	TLS *tls.Config
	// CutHandshake hangs up in the middle of the TLS handshake (after the
	// client's hello), as servers sharing no version or cipher may.
	CutHandshake bool
	// STARTTLS offers STARTTLS and upgrades with this certificate.
	STARTTLS *tls.Config
	// STARTTLSReply answers STARTTLS without upgrading ("NO not now",
	// "454 4.7.0 TLS not available"); the capability is still offered.
	STARTTLSReply string
	// AuthReply refuses the login ("NO [AUTHENTICATIONFAILED] Invalid
	// credentials", "535 5.7.8 bad credentials").
	AuthReply string
	// SelectReply answers SELECT and EXAMINE after a login (IMAP), as a
	// server that takes the password and then refuses the session ("BAD
	// User is authenticated but not connected.").
	SelectReply string
	// Folders are the IMAP folders that exist (INBOX always does); an
	// APPEND to another is answered NO [TRYCREATE] until it is CREATEd.
	Folders []string
	// Listed are folders LIST shows that do not exist (removed by another
	// client since, or a stale listing): SELECT says NONEXISTENT and APPEND
	// TRYCREATE until they are CREATEd.
	Listed []string
	// TryCreateBeforeLiteral answers NO [TRYCREATE] instead of "+", before
	// the message is sent; otherwise the message is read first.
	TryCreateBeforeLiteral bool
	// LiteralPlus offers LITERAL+ (IMAP): the client may send a message
	// without waiting for "+".
	LiteralPlus bool
	// RefuseAppend answers an APPEND whose message contains a key with
	// its value ("NO [LIMIT] Message too large") once it is read.
	RefuseAppend map[string]string
	// HoldAppends holds the replies to APPENDs until this many wait or
	// another command comes: a client that waits for each reply before
	// sending the next message stalls (until its timeout).
	HoldAppends int
	// HangAfterData never answers the end of a message (SMTP): the client
	// cannot know whether it was taken.
	HangAfterData bool
	// NoAuth leaves AUTH out of EHLO (SMTP).
	NoAuth bool
	// MailReply answers MAIL FROM ("530 5.7.0 Authentication required").
	MailReply string
	// RcptReply answers RCPT TO per address (lower case).
	RcptReply map[string]string
}

// Server is one scripted server; it stops when the test ends.
type Server struct {
	Host string
	Port int
	conf Config

	mu       sync.Mutex
	cmds     []string
	messages int
	folders  map[string]bool
	appended map[string]int
	stored   map[string][]string // folder → messages appended, in UID order
	mostHeld int                 // the most APPEND replies held at once
}

// MostHeld is the most APPEND replies held at once (HoldAppends): how
// many messages a client sent without waiting for a reply.
func (s *Server) MostHeld() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mostHeld
}

// Messages is how many messages SMTP DATA received whole.
func (s *Server) Messages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.messages
}

// Appended is how many messages APPEND stored in folder.
func (s *Server) Appended(folder string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.appended[folder]
}

// Addr is HOST:PORT.
func (s *Server) Addr() string { return net.JoinHostPort(s.Host, strconv.Itoa(s.Port)) }

// Commands are the command lines received, in order, with AUTH and LOGIN
// arguments cut off.
func (s *Server) Commands() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.cmds...)
}

// Start listens on 127.0.0.1 and serves c.
func Start(t testing.TB, c Config) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, conf: c,
		folders: map[string]bool{"INBOX": true}, appended: map[string]int{}, stored: map[string][]string{}}
	for _, f := range c.Folders {
		s.folders[f] = true
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { s.serve(conn) })
		}
	})
	return s
}

// ClosedPort is a loopback port nothing listens on (connections are
// refused).
func ClosedPort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

type session struct {
	s        *Server
	conn     net.Conn
	r        *bufio.Reader
	tls      bool
	selected string
	held     []string // APPEND replies not written yet (HoldAppends)
}

func (s *Server) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	ss := &session{s: s, conn: c, r: bufio.NewReader(c)}
	if s.conf.CutHandshake {
		buf := make([]byte, 512)
		_, _ = c.Read(buf)
		return
	}
	if s.conf.TLS != nil {
		tc := tls.Server(c, s.conf.TLS)
		if tc.Handshake() != nil {
			return
		}
		ss.conn, ss.r, ss.tls = tc, bufio.NewReader(tc), true
	}
	if s.conf.SMTP {
		ss.smtp()
	} else {
		ss.imap()
	}
}

func (ss *session) read() (string, bool) {
	line, err := ss.r.ReadString('\n')
	if err != nil {
		return "", false
	}
	line = strings.TrimRight(line, "\r\n")
	rec := line
	for _, secret := range []string{"AUTHENTICATE ", "LOGIN ", "AUTH "} {
		if i := strings.Index(strings.ToUpper(rec), secret); i >= 0 {
			rec = rec[:i+len(secret)] + "…"
		}
	}
	ss.s.mu.Lock()
	ss.s.cmds = append(ss.s.cmds, rec)
	ss.s.mu.Unlock()
	return line, true
}

func (ss *session) write(lines ...string) bool {
	_, err := ss.conn.Write([]byte(strings.Join(lines, "\r\n") + "\r\n"))
	return err == nil
}

func (ss *session) upgrade() bool {
	tc := tls.Server(ss.conn, ss.s.conf.STARTTLS)
	if tc.Handshake() != nil {
		return false
	}
	ss.conn, ss.r, ss.tls = tc, bufio.NewReader(tc), true
	return true
}

func (ss *session) imapCaps() string {
	caps := "IMAP4rev1 AUTH=PLAIN SASL-IR"
	c := ss.s.conf
	if c.LiteralPlus {
		caps += " LITERAL+"
	}
	if !ss.tls && (c.STARTTLS != nil || c.STARTTLSReply != "") {
		caps += " STARTTLS"
	}
	return caps
}

func (ss *session) imap() {
	if !ss.write("* OK [CAPABILITY " + ss.imapCaps() + "] fake ready") {
		return
	}
	c := ss.s.conf
	for {
		line, ok := ss.read()
		if !ok {
			return
		}
		tag, rest, _ := strings.Cut(line, " ")
		name, _, _ := strings.Cut(rest, " ")
		if !strings.EqualFold(name, "APPEND") && !ss.release() {
			return
		}
		switch strings.ToUpper(name) {
		case "CAPABILITY":
			ok = ss.write("* CAPABILITY "+ss.imapCaps(), tag+" OK done")
		case "STARTTLS":
			switch {
			case c.STARTTLSReply != "":
				ok = ss.write(tag + " " + c.STARTTLSReply)
			case c.STARTTLS != nil && !ss.tls:
				ok = ss.write(tag+" OK begin TLS") && ss.upgrade()
			default:
				ok = ss.write(tag + " BAD unknown command")
			}
		case "LOGIN", "AUTHENTICATE":
			if strings.EqualFold(name, "AUTHENTICATE") && len(strings.Fields(rest)) < 3 {
				// No initial response: ask for it.
				if !ss.write("+ ") {
					return
				}
				if _, ok = ss.read(); !ok {
					return
				}
			}
			if c.AuthReply != "" {
				ok = ss.write(tag + " " + c.AuthReply)
			} else {
				caps := "IMAP4rev1"
				if c.LiteralPlus {
					caps += " LITERAL+"
				}
				ok = ss.write(tag + " OK [CAPABILITY " + caps + "] logged in")
			}
		case "SELECT", "EXAMINE":
			if c.SelectReply != "" {
				ok = ss.write(tag + " " + c.SelectReply)
				break
			}
			folder := mailboxArg(strings.TrimSpace(rest[len(name):]))
			ss.s.mu.Lock()
			exists, n := ss.s.folders[folder], len(ss.s.stored[folder])
			ss.s.mu.Unlock()
			if !exists {
				ok = ss.write(tag + " NO [NONEXISTENT] no such mailbox")
				break
			}
			ss.selected = folder
			ok = ss.write("* "+strconv.Itoa(n)+" EXISTS", "* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)",
				"* OK [UIDVALIDITY 1] ok", "* OK [UIDNEXT "+strconv.Itoa(n+1)+"] ok", tag+" OK [READ-ONLY] done")
		case "LIST":
			// LIST "" pattern: "*" is every folder, else the one named.
			args := quotedOrAtoms(strings.TrimSpace(rest[len(name):]))
			pattern := "*"
			if len(args) >= 2 {
				pattern = args[1]
			}
			ss.s.mu.Lock()
			var lines []string
			for f := range ss.s.folders {
				if pattern == "*" || f == pattern {
					lines = append(lines, `* LIST () "/" "`+f+`"`)
				}
			}
			for _, f := range c.Listed {
				if !ss.s.folders[f] && (pattern == "*" || f == pattern) {
					lines = append(lines, `* LIST () "/" "`+f+`"`)
				}
			}
			ss.s.mu.Unlock()
			ok = ss.write(append(lines, tag+" OK done")...)
		case "UID":
			ok = ss.uidCmd(tag, strings.TrimSpace(rest[len(name):]))
		case "CREATE":
			name := strings.Trim(strings.TrimSpace(strings.TrimPrefix(rest, name)), `"`)
			ss.s.mu.Lock()
			exists := ss.s.folders[name]
			ss.s.folders[name] = true
			ss.s.mu.Unlock()
			if exists {
				ok = ss.write(tag + " NO [ALREADYEXISTS] exists")
			} else {
				ok = ss.write(tag + " OK created")
			}
		case "APPEND":
			ok = ss.appendCmd(tag, rest)
		case "LOGOUT":
			ss.write("* BYE bye", tag+" OK done")
			return
		default:
			ok = ss.write(tag + " OK done")
		}
		if !ok {
			return
		}
	}
}

func (ss *session) smtp() {
	if !ss.write("220 fake.test ESMTP") {
		return
	}
	c := ss.s.conf
	for {
		line, ok := ss.read()
		if !ok {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"250-fake.test", "250-PIPELINING", "250-8BITMIME", "250-ENHANCEDSTATUSCODES"}
			if !ss.tls && (c.STARTTLS != nil || c.STARTTLSReply != "") {
				ext = append(ext, "250-STARTTLS")
			}
			if !c.NoAuth {
				ext = append(ext, "250-AUTH PLAIN LOGIN")
			}
			ext = append(ext, "250 SIZE 10000000")
			ok = ss.write(ext...)
		case "STARTTLS":
			switch {
			case c.STARTTLSReply != "":
				ok = ss.write(c.STARTTLSReply)
			case c.STARTTLS != nil && !ss.tls:
				ok = ss.write("220 2.0.0 go ahead") && ss.upgrade()
			default:
				ok = ss.write("502 5.5.1 unknown command")
			}
		case "AUTH":
			if len(strings.Fields(arg)) < 2 {
				if !ss.write("334 ") {
					return
				}
				if _, ok = ss.read(); !ok {
					return
				}
			}
			if c.AuthReply != "" {
				ok = ss.write(c.AuthReply)
			} else {
				ok = ss.write("235 2.7.0 accepted")
			}
		case "MAIL":
			if c.MailReply != "" {
				ok = ss.write(c.MailReply)
			} else {
				ok = ss.write("250 2.1.0 ok")
			}
		case "RCPT":
			if r, found := c.RcptReply[rcptAddr(arg)]; found {
				ok = ss.write(r)
			} else {
				ok = ss.write("250 2.1.5 ok")
			}
		case "DATA":
			if !ss.write("354 go on") {
				return
			}
			for {
				l, err := ss.r.ReadString('\n')
				if err != nil {
					return
				}
				if strings.TrimRight(l, "\r\n") == "." {
					break
				}
			}
			ss.s.mu.Lock()
			ss.s.messages++
			ss.s.mu.Unlock()
			if c.HangAfterData {
				_, _ = io.Copy(io.Discard, ss.r) // until the client goes
				return
			}
			ok = ss.write("250 2.0.0 queued")
		case "QUIT":
			ss.write("221 2.0.0 bye")
			return
		default:
			ok = ss.write("250 2.0.0 ok")
		}
		if !ok {
			return
		}
	}
}

// rcptAddr is the address of "TO:<addr> params", lower case.
func rcptAddr(arg string) string {
	if len(arg) >= 3 && strings.EqualFold(arg[:3], "TO:") {
		arg = arg[3:]
	}
	arg = strings.TrimPrefix(strings.TrimSpace(arg), "<")
	if i := strings.IndexByte(arg, '>'); i >= 0 {
		arg = arg[:i]
	}
	return strings.ToLower(arg)
}

// appendCmd handles "APPEND folder [flags] [date] {n}" with a synchronizing
// literal.
func (ss *session) appendCmd(tag, rest string) bool {
	args := strings.TrimSpace(rest[len("APPEND"):])
	folder := args
	if strings.HasPrefix(folder, `"`) {
		folder = folder[1:]
		folder = folder[:strings.IndexByte(folder, '"')]
	} else {
		folder, _, _ = strings.Cut(folder, " ")
	}
	open := strings.LastIndexByte(args, '{')
	end := strings.LastIndexByte(args, '}')
	if open < 0 || end < open {
		return ss.write(tag + " BAD no literal")
	}
	n, err := strconv.Atoi(strings.TrimSuffix(args[open+1:end], "+"))
	if err != nil {
		return ss.write(tag + " BAD bad literal")
	}
	ss.s.mu.Lock()
	exists := ss.s.folders[folder]
	ss.s.mu.Unlock()
	if !exists && ss.s.conf.TryCreateBeforeLiteral && !strings.HasSuffix(args[:end], "+") {
		return ss.write(tag + " NO [TRYCREATE] Mailbox doesn't exist: " + folder)
	}
	if !strings.HasSuffix(args[:end], "+") && !ss.write("+ go ahead") {
		return false
	}
	msg := make([]byte, n)
	if _, err := io.ReadFull(ss.r, msg); err != nil {
		return false
	}
	if _, err := ss.r.ReadString('\n'); err != nil {
		return false
	}
	if !exists {
		return ss.reply(tag + " NO [TRYCREATE] Mailbox doesn't exist: " + folder)
	}
	for mark, reply := range ss.s.conf.RefuseAppend {
		if strings.Contains(string(msg), mark) {
			return ss.reply(tag + " " + reply)
		}
	}
	ss.s.mu.Lock()
	ss.s.appended[folder]++
	ss.s.stored[folder] = append(ss.s.stored[folder], string(msg))
	ss.s.mu.Unlock()
	return ss.reply(tag + " OK appended")
}

// reply answers an APPEND, or holds the answer (HoldAppends) until
// enough wait.
func (ss *session) reply(line string) bool {
	if ss.s.conf.HoldAppends == 0 {
		return ss.write(line)
	}
	ss.held = append(ss.held, line)
	ss.s.mu.Lock()
	ss.s.mostHeld = max(ss.s.mostHeld, len(ss.held))
	ss.s.mu.Unlock()
	if len(ss.held) < ss.s.conf.HoldAppends {
		return true
	}
	return ss.release()
}

// release writes the APPEND replies held.
func (ss *session) release() bool {
	if len(ss.held) == 0 {
		return true
	}
	held := ss.held
	ss.held = nil
	return ss.write(held...)
}

// mailboxArg is the mailbox name at the start of args, quoted or not.
func mailboxArg(args string) string {
	if strings.HasPrefix(args, `"`) {
		if end := strings.IndexByte(args[1:], '"'); end >= 0 {
			return args[1 : end+1]
		}
	}
	name, _, _ := strings.Cut(args, " ")
	return name
}

// uidCmd answers UID SEARCH HEADER <field> <value> over the selected
// folder (a substring match of that header, as RFC 9051 says); other UID
// commands just succeed.
func (ss *session) uidCmd(tag, args string) bool {
	sub, rest, _ := strings.Cut(args, " ")
	if !strings.EqualFold(sub, "SEARCH") {
		return ss.write(tag + " OK done")
	}
	fields := quotedOrAtoms(rest)
	var field, value string
	for i := 0; i+2 < len(fields); i++ {
		if strings.EqualFold(fields[i], "HEADER") {
			field, value = fields[i+1], fields[i+2]
		}
	}
	ss.s.mu.Lock()
	msgs := ss.s.stored[ss.selected]
	var hits []string
	for i, m := range msgs {
		head, _, _ := strings.Cut(m, "\r\n\r\n")
		for _, line := range strings.Split(head, "\r\n") {
			k, v, ok := strings.Cut(line, ":")
			if ok && strings.EqualFold(strings.TrimSpace(k), field) && strings.Contains(strings.ToLower(v), strings.ToLower(value)) {
				hits = append(hits, strconv.Itoa(i+1))
				break
			}
		}
	}
	ss.s.mu.Unlock()
	return ss.write("* SEARCH "+strings.Join(hits, " "), tag+" OK done")
}

// quotedOrAtoms splits an IMAP argument list into quoted strings and atoms.
func quotedOrAtoms(s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			end := strings.IndexByte(s[1:], '"')
			if end < 0 {
				return append(out, s[1:])
			}
			out = append(out, s[1:end+1])
			s = s[end+2:]
			continue
		}
		atom, rest, _ := strings.Cut(s, " ")
		out = append(out, atom)
		s = rest
	}
	return out
}
