package imap

import (
	"bytes"
	"fmt"
	"net"
	"strconv"
	"sync"
	"sync/atomic"

	"wren/transport"
)

// Limits bound what a server can make the client hold in memory. go-imap
// reads lines and non-body literals into memory without any limit
// (security.md §4), so every byte it reads passes a guard that enforces
// these first. Zero fields take the defaults.
type Limits struct {
	// MaxLine bounds the text of one response, literals excluded.
	MaxLine int64
	// MaxLiteral bounds the non-body literals of one response together
	// (strings in envelopes, mailbox names, ...).
	MaxLiteral int64
	// MaxBody bounds one message body literal (BODY[...], BINARY[...],
	// RFC822). Body literals are streamed, never buffered whole, and are
	// only accepted above MaxLiteral while FetchBody asks for one.
	MaxBody int64
}

// DefaultLimits suit a desktop client.
var DefaultLimits = Limits{
	MaxLine:    1 << 20,
	MaxLiteral: 1 << 20,
	MaxBody:    64 << 20,
}

func (l Limits) norm() Limits {
	d := DefaultLimits
	if l.MaxLine > 0 {
		d.MaxLine = l.MaxLine
	}
	if l.MaxLiteral > 0 {
		d.MaxLiteral = l.MaxLiteral
	}
	if l.MaxBody > 0 {
		d.MaxBody = l.MaxBody
	}
	return d
}

// Alert is an [ALERT] the server sent over TLS: text RFC 9051 §7.1 says
// must be shown to the user as it is.
type Alert struct {
	Type string // "OK", "NO" or "BAD"
	Text string
}

const (
	headMax = 4096 // start of a response kept for ALERT, BYE and READ-ONLY
	tailMax = 512  // end of a line segment kept to judge a literal
)

// guard scans the server's byte stream beneath go-imap's decoder. It
// tracks lines and literals exactly as the decoder will, fails the read
// (with an error wrapping transport.ErrTooLarge) before an oversized
// line or literal reaches the decoder, and picks out the untagged ALERT
// and BYE texts go-imap discards. Scanning happens on the reader goroutine
// only; the results are shared under mu or atomics.
type guard struct {
	lim     Limits
	capture bool // the stream is TLS-protected: its texts may be shown

	// bodyLimit is the largest body literal accepted right now.
	bodyLimit atomic.Int64
	readOnly  atomic.Bool

	// Scanner state, reader goroutine only.
	lit      int64 // literal bytes still to skip
	lineLen  int64 // text bytes of the current response
	litTotal int64 // non-body literal bytes of the current response
	head     []byte
	headDone bool
	tail     []byte

	mu     sync.Mutex
	err    error
	bye    string
	alerts chan Alert
	closed bool
}

func newGuard(lim Limits, capture bool) *guard {
	g := &guard{lim: lim, capture: capture, alerts: make(chan Alert, 16)}
	g.bodyLimit.Store(lim.MaxLiteral)
	return g
}

// allowBody raises the body literal bound to n (FetchBody keeps n within
// MaxBody+1) for one FetchBody; the returned func restores it.
func (g *guard) allowBody(n int64) func() {
	g.bodyLimit.Store(max(n, g.lim.MaxLiteral))
	return func() { g.bodyLimit.Store(g.lim.MaxLiteral) }
}

// failure is the guard's verdict, once it stopped the stream.
func (g *guard) failure() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

// lastBye is the text of the last untagged BYE seen over TLS.
func (g *guard) lastBye() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.bye
}

func (g *guard) fail(err error) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.err == nil {
		g.err = err
	}
	return g.err
}

// closeAlerts ends the Alerts channel once the stream is over.
func (g *guard) closeAlerts() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.closed {
		g.closed = true
		close(g.alerts)
	}
}

// scan checks p, the next bytes of the stream.
func (g *guard) scan(p []byte) error {
	for len(p) > 0 {
		if g.lit > 0 {
			n := min(g.lit, int64(len(p)))
			g.lit -= n
			p = p[n:]
			continue
		}
		i := bytes.IndexByte(p, '\n')
		seg := p
		if i >= 0 {
			seg = p[:i+1]
		}
		p = p[len(seg):]
		g.lineLen += int64(len(seg))
		if g.lineLen > g.lim.MaxLine {
			return g.fail(fmt.Errorf("imap: response line longer than %d bytes: %w", g.lim.MaxLine, transport.ErrTooLarge))
		}
		if !g.headDone && len(g.head) < headMax {
			g.head = append(g.head, seg[:min(len(seg), headMax-len(g.head))]...)
		}
		g.tail = append(g.tail, seg...)
		if len(g.tail) > 2*tailMax {
			g.tail = append(g.tail[:0], g.tail[len(g.tail)-tailMax:]...)
		}
		if i < 0 {
			continue
		}
		if err := g.endSegment(); err != nil {
			return err
		}
	}
	return nil
}

// endSegment handles a segment that ended in LF: either a literal header
// ("...{N}") or the end of a response.
func (g *guard) endSegment() error {
	text := bytes.TrimSuffix(bytes.TrimSuffix(g.tail, []byte("\n")), []byte("\r"))
	n, before, ok, err := literalHeader(text)
	g.tail = g.tail[:0]
	if err != nil {
		return g.fail(err)
	}
	if ok {
		g.headDone = true
		if isBodyLiteral(before) {
			if lim := g.bodyLimit.Load(); n > lim {
				return g.fail(fmt.Errorf("imap: message literal of %d bytes exceeds %d: %w", n, lim, transport.ErrTooLarge))
			}
		} else {
			g.litTotal += n
			if g.litTotal > g.lim.MaxLiteral {
				return g.fail(fmt.Errorf("imap: literal of %d bytes exceeds %d: %w", n, g.lim.MaxLiteral, transport.ErrTooLarge))
			}
		}
		g.lit = n
		return nil
	}
	g.response(g.head)
	g.head, g.headDone = g.head[:0], false
	g.lineLen, g.litTotal = 0, 0
	return nil
}

// literalHeader recognises a segment ending in {N}, {N+} or {N-} (with
// a possible literal8 '~' before it) and returns N and the text before.
func literalHeader(s []byte) (n int64, before []byte, ok bool, err error) {
	if len(s) < 3 || s[len(s)-1] != '}' {
		return 0, nil, false, nil
	}
	open := bytes.LastIndexByte(s, '{')
	if open < 0 {
		return 0, nil, false, nil
	}
	digits := s[open+1 : len(s)-1]
	if k := len(digits); k > 0 && (digits[k-1] == '+' || digits[k-1] == '-') {
		digits = digits[:k-1]
	}
	if len(digits) == 0 {
		return 0, nil, false, nil
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, nil, false, nil
		}
	}
	if len(digits) > 18 {
		return 0, nil, false, fmt.Errorf("imap: literal size %.20s... out of range: %w", digits, transport.ErrTooLarge)
	}
	n, _ = strconv.ParseInt(string(digits), 10, 64)
	return n, s[:open], true, nil
}

// isBodyLiteral reports whether the text before a literal names a message
// body item: BODY[...], BINARY[...] (optionally <origin>) or RFC822*.
func isBodyLiteral(b []byte) bool {
	b = bytes.ToUpper(bytes.TrimRight(b, " ~"))
	if bytes.HasSuffix(b, []byte(">")) {
		if i := bytes.LastIndexByte(b, '<'); i >= 0 {
			b = b[:i]
		}
	}
	for _, name := range []string{"RFC822", "RFC822.TEXT", "RFC822.HEADER"} {
		if hasItem(b, name) {
			return true
		}
	}
	if !bytes.HasSuffix(b, []byte("]")) {
		return false
	}
	i := bytes.LastIndexByte(b, '[')
	if i < 0 {
		return false
	}
	return hasItem(b[:i], "BODY") || hasItem(b[:i], "BODY.PEEK") || hasItem(b[:i], "BINARY")
}

// hasItem reports whether b ends with the fetch item name, as a whole word.
func hasItem(b []byte, name string) bool {
	if !bytes.HasSuffix(b, []byte(name)) {
		return false
	}
	rest := b[:len(b)-len(name)]
	return len(rest) > 0 && (rest[len(rest)-1] == ' ' || rest[len(rest)-1] == '(')
}

// response looks at the start of one complete response.
func (g *guard) response(head []byte) {
	line := string(bytes.TrimRight(head, "\r\n"))
	tag, rest, _ := cut(line)
	status, rest, _ := cut(rest)
	status = upper(status)
	if tag != "*" {
		if status == "OK" && hasCode(rest, "READ-ONLY") {
			g.readOnly.Store(true)
		}
		return
	}
	if !g.capture {
		return
	}
	switch status {
	case "BYE":
		g.mu.Lock()
		g.bye = rest
		g.mu.Unlock()
	case "OK", "NO", "BAD":
		if hasCode(rest, "ALERT") {
			text := rest[len("[ALERT]"):]
			if len(text) > 0 && text[0] == ' ' {
				text = text[1:]
			}
			g.mu.Lock()
			if !g.closed {
				select {
				case g.alerts <- Alert{Type: status, Text: text}:
				default: // nobody listens: dropping beats blocking the reader
				}
			}
			g.mu.Unlock()
		}
	}
}

func cut(s string) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// hasCode reports whether resp-text starts with the response code [code].
func hasCode(text, code string) bool {
	n := len(code) + 2
	return len(text) >= n && upper(text[:n]) == "["+code+"]"
}

// guardConn is the connection go-imap reads: every byte from the server
// passes the guard. For STARTTLS it first serves a synthetic greeting, so
// that nothing the server said before TLS is ever parsed.
type guardConn struct {
	net.Conn
	g      *guard
	prefix []byte
}

func (c *guardConn) Read(p []byte) (int, error) {
	if len(c.prefix) > 0 {
		n := copy(p, c.prefix)
		c.prefix = c.prefix[n:]
		return n, nil
	}
	if err := c.g.failure(); err != nil {
		return 0, err
	}
	n, err := c.Conn.Read(p)
	if n > 0 {
		if gerr := c.g.scan(p[:n]); gerr != nil {
			return 0, gerr
		}
	}
	return n, err
}
