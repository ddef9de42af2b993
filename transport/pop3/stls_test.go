package pop3

import (
	"bufio"
	"errors"
	"io"
	"net"
	"slices"
	"testing"
	"time"

	"wren/transport"
)

func TestSTLSLoginFlow(t *testing.T) {
	f := newFake(t, transport.SecuritySTARTTLS)
	f.msgs = []string{"Subject: a\r\n\r\nhello\r\n"}
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.TLS() {
		t.Fatal("TLS() = false after STLS")
	}
	if err := c.Login(t.Context(), "alice", "secret"); err != nil {
		t.Fatal(err)
	}
	n, size, err := c.Stat(t.Context())
	if err != nil || n != 1 || size != int64(len(f.msgs[0])) {
		t.Fatalf("Stat = %d, %d, %v; want 1, %d", n, size, err, len(f.msgs[0]))
	}
	if err := c.Quit(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, l := range f.received() {
		if !l.tls && l.line != "CAPA" && l.line != "STLS" {
			t.Errorf("sent %q before TLS", l.line)
		}
	}
	if got, want := f.verbs(), []string{"CAPA", "STLS", "CAPA", "AUTH", "CAPA", "STAT", "QUIT"}; !slices.Equal(got, want) {
		t.Errorf("commands = %q, want %q", got, want)
	}
}

// Capabilities said in plaintext are forgotten: here the plaintext list
// offers SASL PLAIN and the TLS one does not, so the login uses USER/PASS.
func TestSTLSDiscardsPlaintextCaps(t *testing.T) {
	f := newFake(t, transport.SecuritySTARTTLS)
	f.capa = []string{"STLS", "SASL PLAIN", "X-PLAINTEXT-ONLY", "LOGIN-DELAY 900"}
	f.capaTLS = []string{"USER", "UIDL", "EXPIRE NEVER"}
	ep, opts := f.start()
	c, err := Dial(t.Context(), ep, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	caps := c.Caps()
	if caps.Has("X-PLAINTEXT-ONLY") || caps.HasSASL("PLAIN") || caps.LoginDelay != 0 || caps.STLS() {
		t.Errorf("caps after TLS = %v (delay %v); plaintext capabilities kept", caps.Names(), caps.LoginDelay)
	}
	if !caps.UIDL() || !caps.Expire.Never {
		t.Errorf("caps after TLS = %v; want the TLS list", caps.Names())
	}
	if err := c.Login(t.Context(), "alice", "secret"); err != nil {
		t.Fatal(err)
	}
	if got, want := f.verbs(), []string{"CAPA", "STLS", "CAPA", "USER", "PASS", "CAPA"}; !slices.Equal(got, want) {
		t.Errorf("commands = %q, want %q", got, want)
	}
}

// STARTTLS stripping (EAST O_1, O_2, O_3): the session must end before
// anything but CAPA and STLS is sent.
func TestSTLSRequired(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(f *fakeServer)
		want  []string
		why   error
	}{
		{"not advertised", func(f *fakeServer) { f.capa = []string{"USER", "SASL PLAIN LOGIN"} },
			[]string{"CAPA"}, ErrSTLSUnavailable},
		{"CAPA refused", func(f *fakeServer) { f.capa = nil }, []string{"CAPA"}, ErrSTLSUnavailable},
		{"STLS refused", func(f *fakeServer) { f.stls = "-ERR [SYS/TEMP] do not begin TLS now\r\n" },
			[]string{"CAPA", "STLS"}, ErrSTLSRefused},
		{"STLS unknown", func(f *fakeServer) { f.stls = "-ERR STARTTLS not supported.\r\n" },
			[]string{"CAPA", "STLS"}, ErrSTLSRefused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, transport.SecuritySTARTTLS)
			tc.setup(f)
			ep, opts := f.start()
			c, err := Dial(t.Context(), ep, opts)
			if c != nil {
				c.Close()
			}
			te := wantCode(t, err, transport.CodeNoSTARTTLS)
			if !errors.Is(err, tc.why) {
				t.Errorf("err = %v, want it to wrap %v", err, tc.why)
			}
			if te.ServerText != "" {
				t.Errorf("ServerText = %q; plaintext text must not be reported as the server's", te.ServerText)
			}
			time.Sleep(50 * time.Millisecond) // let the fake record a stray line, if any
			if got := f.verbs(); !slices.Equal(got, tc.want) {
				t.Errorf("commands = %q, want %q", got, tc.want)
			}
			f.assertNoCredentials(t)
		})
	}
}

// Response injection (EAST POP3 B_1, B_2): bytes after "+OK" to STLS and
// before the handshake must never be parsed as POP3.
func TestSTLSInjectedData(t *testing.T) {
	for _, tc := range []struct {
		name     string
		stls     string
		noTLS    bool
		wantCode transport.Code
	}{
		{"forged AUTH list", "+OK Begin fake TLS negotiation now.\r\n+OK\r\nPLAIN\r\nLOGIN\r\n.\r\n", false, transport.CodeNoSTARTTLS},
		{"forged CAPA", "+OK Begin TLS\r\n+OK Capability list follows\r\nUSER\r\nSASL PLAIN\r\n.\r\n", false, transport.CodeNoSTARTTLS},
		{"binary garbage", "+OK Begin TLS\r\n\x00\xff\x16\x03\x01\xff\xff\xde\xad\xbe\xef garbage\r\n", false, ""},
		{"plaintext instead of TLS", "+OK Begin TLS\r\n+OK ready\r\n", true, transport.CodeNoSTARTTLS},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, transport.SecuritySTARTTLS)
			f.stls, f.noTLS = tc.stls, tc.noTLS
			f.handlers["AUTH"] = func(s *fsess, arg string) { s.send("+OK Logged in.\r\n") }
			f.handlers["USER"] = func(s *fsess, arg string) { s.send("+OK\r\n") }
			f.handlers["PASS"] = func(s *fsess, arg string) { s.send("+OK\r\n") }
			ep, opts := f.start()
			c, err := Dial(t.Context(), ep, opts)
			if err == nil {
				// Only reachable if the injected bytes were taken as the reply.
				lerr := c.Login(t.Context(), "alice", "secret")
				c.Close()
				t.Fatalf("Dial succeeded (login: %v); want a failed handshake", lerr)
			}
			if tc.wantCode != "" {
				wantCode(t, err, tc.wantCode)
				if !errors.Is(err, transport.ErrUntrustedData) {
					t.Errorf("err = %v, want it to wrap ErrUntrustedData", err)
				}
			} else if _, ok := transport.As(err); !ok {
				t.Errorf("err = %T %v, want *transport.Error", err, err)
			}
			time.Sleep(50 * time.Millisecond)
			f.assertNoCredentials(t)
			for _, l := range f.received() {
				if l.tls {
					t.Errorf("client sent %q over TLS; the handshake must have failed", l.line)
				}
			}
		})
	}
}

// A server that acknowledges STLS and then says nothing: the handshake
// times out instead of hanging.
func TestSTLSSilentAfterOK(t *testing.T) {
	f := newFake(t, transport.SecuritySTARTTLS)
	f.handlers["STLS"] = func(s *fsess, arg string) {
		s.send("+OK Begin TLS\r\n")
		s.conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, s.conn) // swallow the ClientHello, answer nothing
	}
	ep, opts := f.start()
	opts.Timeouts.TLS = 300 * time.Millisecond
	start := time.Now()
	_, err := Dial(t.Context(), ep, opts)
	te := wantCode(t, err, transport.CodeReadTimeout)
	if te.Step != transport.StepTLS {
		t.Errorf("step = %s, want tls", te.Step)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v, want about the TLS timeout", d)
	}
	f.assertNoCredentials(t)
}

// The greeting is sent before TLS on STARTTLS, so a -ERR greeting's text
// is not reported.
func TestSTLSGreetingRefused(t *testing.T) {
	f := newFake(t, transport.SecuritySTARTTLS)
	f.greeting = "-ERR [SYS/PERM] Click http://attacker.example/ to fix your account\r\n"
	ep, opts := f.start()
	_, err := Dial(t.Context(), ep, opts)
	te := wantCode(t, err, transport.CodePOPFailed)
	if te.ServerText != "" || !errors.Is(err, ErrGreetingRefused) {
		t.Errorf("err = %v (text %q), want ErrGreetingRefused without server text", err, te.ServerText)
	}
	if len(f.received()) != 0 {
		t.Errorf("client sent %v after a refused greeting", f.received())
	}
}

// The plaintext reader stops exactly at the end of the line it was asked
// for: bytes a server appends stay in the socket (for the TLS layer).
func TestExactReaderLeavesInjectedBytes(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	go func() {
		server.Write([]byte("+OK Begin TLS\r\n+OK\r\nPLAIN\r\n.\r\n"))
		server.Close()
	}()
	r := bufio.NewReaderSize(exactReader{client}, 512)
	st, err := readStatus(r, 512)
	if err != nil || st.kind != statusOK {
		t.Fatalf("readStatus = %+v, %v", st, err)
	}
	if r.Buffered() != 0 {
		t.Errorf("reader buffered %d octets past the line", r.Buffered())
	}
	rest, _ := io.ReadAll(client)
	if string(rest) != "+OK\r\nPLAIN\r\n.\r\n" {
		t.Errorf("left in the socket: %q, want the injected bytes", rest)
	}
}

// EAST's unsolicited listing after the greeting: the extra lines are not
// taken as the CAPA reply; the session fails before STLS.
func TestUnsolicitedAfterGreeting(t *testing.T) {
	for _, sec := range []transport.Security{transport.SecuritySTARTTLS, transport.SecurityTLS} {
		t.Run(sec.String(), func(t *testing.T) {
			f := newFake(t, sec)
			f.greeting = "+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n"
			ep, opts := f.start()
			_, err := Dial(t.Context(), ep, opts)
			wantCode(t, err, transport.CodeWrongProtocol)
			time.Sleep(50 * time.Millisecond)
			f.assertNoCredentials(t)
			if got := f.verbs(); !slices.Equal(got, []string{"CAPA"}) {
				t.Errorf("commands = %q, want only CAPA", got)
			}
		})
	}
}
