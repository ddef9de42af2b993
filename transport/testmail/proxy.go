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

// Cut is how a proxied connection ends early: after the server sent
// AfterLines lines, with an untagged BYE first when Bye is set (a server
// shutting down) or silently (a dropped connection).
type Cut struct {
	AfterLines int
	Bye        bool
}

// Proxy stands for a real server (Dovecot, Postfix) behind TLS on loopback
// and can end a connection in the middle of a session, or answer slowly,
// which the real server will not do on demand.
type Proxy struct {
	Host string
	Port int

	serverTLS, upstreamTLS *tls.Config
	upstream               string

	mu    sync.Mutex
	conns int
	next  []Cut
	delay func(line string) time.Duration
}

// DelayReplies holds back each server line for delay(line): a slow final
// reply after a message's data widens the moment a client may be stopped
// after the server took the message but before it said so.
func (p *Proxy) DelayReplies(delay func(line string) time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.delay = delay
}

// StartProxy listens on 127.0.0.1 with serverTLS and forwards each
// connection to upstream over TLS (upstreamTLS).
func StartProxy(t testing.TB, serverTLS *tls.Config, upstream string, upstreamTLS *tls.Config) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, serverTLS: serverTLS, upstream: upstream, upstreamTLS: upstreamTLS}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.conns++
			var cut *Cut
			if len(p.next) > 0 {
				cut = &p.next[0]
				p.next = p.next[1:]
			}
			p.mu.Unlock()
			wg.Go(func() { p.serve(c, cut) })
		}
	})
	return p
}

// CutNext ends the next connections as the cuts say, one each.
func (p *Proxy) CutNext(cuts ...Cut) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.next = append(p.next, cuts...)
}

// Connections is how many connections were accepted.
func (p *Proxy) Connections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.conns
}

func (p *Proxy) serve(c net.Conn, cut *Cut) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Minute))
	tc := tls.Server(c, p.serverTLS)
	if tc.Handshake() != nil {
		return
	}
	d := &net.Dialer{Timeout: 5 * time.Second}
	up, err := tls.DialWithDialer(d, "tcp", p.upstream, p.upstreamTLS)
	if err != nil {
		return
	}
	defer up.Close()
	go func() {
		_, _ = io.Copy(up, tc)
		up.Close()
	}()
	p.mu.Lock()
	delay := p.delay
	p.mu.Unlock()
	if cut == nil && delay != nil {
		r := bufio.NewReader(up)
		for {
			line, err := r.ReadString('\n')
			if d := delay(line); d > 0 {
				time.Sleep(d)
			}
			if _, werr := tc.Write([]byte(line)); err != nil || werr != nil {
				return
			}
		}
	}
	if cut == nil {
		_, _ = io.Copy(tc, up)
		return
	}
	// Count whole lines, a literal with the line it ends: servers end a
	// session between responses, never inside a message.
	r := bufio.NewReader(up)
	for n := 0; n < cut.AfterLines; n++ {
		for {
			line, err := r.ReadBytes('\n')
			if _, werr := tc.Write(line); err != nil || werr != nil {
				return
			}
			size, ok := literalSize(line)
			if !ok {
				break
			}
			if _, err := io.CopyN(tc, r, size); err != nil {
				return
			}
		}
	}
	if cut.Bye {
		_, _ = tc.Write([]byte("* BYE Server shutting down.\r\n"))
	}
}

// literalSize reads the "{N}" (or "{N+}") a line ends with.
func literalSize(line []byte) (int64, bool) {
	s := strings.TrimRight(string(line), "\r\n")
	if !strings.HasSuffix(s, "}") {
		return 0, false
	}
	i := strings.LastIndexByte(s, '{')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSuffix(s[i+1:len(s)-1], "+"), 10, 64)
	return n, err == nil && n >= 0
}
