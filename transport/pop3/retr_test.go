package pop3

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"wren/transport"
)

const tricky = "From: a@example.org\r\nSubject: dots\r\n\r\n" +
	".\r\n" + // a lone dot in the body
	"..two\r\n" +
	".starts with a dot\r\n" +
	"line with bare LF\n" +
	"bare CR \r inside\r\n" +
	"\r\n" +
	"last line\r\n"

func TestRetrDotUnstuffing(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky, "Subject: two\r\n\r\nsecond\r\n"}
	c := loggedIn(t, f)
	for i, want := range f.msgs {
		r, err := c.Retr(t.Context(), MsgNum(i+1))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if string(got) != want {
			t.Errorf("message %d = %q, want %q", i+1, got, want)
		}
	}
	if err := c.Noop(t.Context()); err != nil {
		t.Errorf("Noop after RETR: %v", err)
	}
}

func TestTop(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky}
	c := loggedIn(t, f)
	r, err := c.Top(t.Context(), 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if want := "From: a@example.org\r\nSubject: dots\r\n\r\n.\r\n..two\r\n"; string(got) != want {
		t.Errorf("TOP 1 2 = %q, want %q", got, want)
	}
	if _, err := c.Top(t.Context(), 1, -1); !errors.Is(err, ErrBadArgument) {
		t.Errorf("TOP with -1 lines = %v, want ErrBadArgument", err)
	}
}

func TestTopUnsupported(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky}
	f.handlers["TOP"] = func(s *fsess, arg string) { s.send("-ERR Unknown command\r\n") }
	c := loggedIn(t, f)
	_, err := c.Top(t.Context(), 1, 0)
	wantCode(t, err, transport.CodePOPUnsupported)
}

// A body left unread is drained by the next command, and Close drains too.
func TestRetrUnreadBodyDrained(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky, tricky}
	c := loggedIn(t, f)
	if _, err := c.Retr(t.Context(), 1); err != nil {
		t.Fatal(err)
	}
	n, _, err := c.Stat(t.Context())
	if err != nil || n != 2 {
		t.Fatalf("Stat after an unread RETR = %d, %v; want 2", n, err)
	}
	r, err := c.Retr(t.Context(), 2)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(r, buf); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Read(buf); err != io.EOF {
		t.Errorf("Read after Close = %v, want EOF", err)
	}
	if err := c.Noop(t.Context()); err != nil {
		t.Fatalf("Noop after Close: %v", err)
	}
}

func TestRetrTooLarge(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	big := "Subject: big\r\n\r\n" + strings.Repeat("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n", 2000)
	f.msgs = []string{big, "Subject: small\r\n\r\nx\r\n"}
	c := loggedIn(t, f)
	c.SetLimits(Limits{MaxMessage: 64 << 10})
	r, err := c.Retr(t.Context(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(r); err != nil || string(b) != f.msgs[1] {
		t.Fatalf("small message = %q, %v", b, err)
	}
	r, err = c.Retr(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("ReadAll = %d octets, %v; want ErrTooLarge", len(got), err)
	}
	if _, ok := transport.As(err); !ok {
		t.Errorf("err = %T, want *transport.Error", err)
	}
	if len(got) > 64<<10 {
		t.Errorf("read %d octets, want at most the 64 KiB bound", len(got))
	}
	if !bytes.HasPrefix([]byte(big), got) {
		t.Error("the part read differs from the message")
	}
	if err := r.Close(); !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("Close = %v, want the same failure", err)
	}
	// The stream cannot be resynchronised: the session is over.
	wantCode(t, c.Noop(t.Context()), transport.CodeClosed)
}

func TestRetrLongLine(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{"Subject: x\r\n\r\n" + strings.Repeat("y", 100<<10) + "\r\n"}
	c := loggedIn(t, f)
	c.SetLimits(Limits{MaxMessageLine: 10 << 10})
	r, err := c.Retr(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(r)
	if !errors.Is(err, transport.ErrTooLarge) {
		t.Fatalf("ReadAll = %v, want ErrTooLarge", err)
	}
}

func TestRetrConnectionDropped(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky}
	f.handlers["RETR"] = func(s *fsess, arg string) {
		s.send("+OK 500 octets\r\nSubject: cut\r\n\r\nhalf a li")
		s.conn.Close()
	}
	c := loggedIn(t, f)
	r, err := c.Retr(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	wantCode(t, err, transport.CodeClosed)
	if string(got) != "Subject: cut\r\n\r\nhalf a li" {
		t.Errorf("got %q before the drop", got)
	}
	wantCode(t, c.Noop(t.Context()), transport.CodeClosed)
}

func TestRetrNoSuchMessage(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky}
	c := loggedIn(t, f)
	_, err := c.Retr(t.Context(), 7)
	te := wantCode(t, err, transport.CodePOPNoSuchMessage)
	if te.ServerText != "There's no message 7." {
		t.Errorf("ServerText = %q", te.ServerText)
	}
	if _, err := c.Retr(t.Context(), 0); !errors.Is(err, ErrBadArgument) {
		t.Errorf("RETR 0 = %v, want ErrBadArgument", err)
	}
	if err := c.Noop(t.Context()); err != nil {
		t.Errorf("Noop after -ERR: %v", err)
	}
}

func TestListUIDLDeleRset(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky, "Subject: b\r\n\r\nb\r\n", "Subject: c\r\n\r\nc\r\n"}
	c := loggedIn(t, f)
	ctx := t.Context()
	list, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []Msg{{1, int64(len(f.msgs[0]))}, {2, int64(len(f.msgs[1]))}, {3, int64(len(f.msgs[2]))}}
	if !slices.Equal(list, want) {
		t.Errorf("List = %v, want %v", list, want)
	}
	one, err := c.ListOne(ctx, 2)
	if err != nil || one != want[1] {
		t.Errorf("ListOne(2) = %v, %v; want %v", one, err, want[1])
	}
	uids, err := c.UIDL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if wantU := []MsgUID{{1, "uid-1"}, {2, "uid-2"}, {3, "uid-3"}}; !slices.Equal(uids, wantU) {
		t.Errorf("UIDL = %v, want %v", uids, wantU)
	}
	u, err := c.UIDLOne(ctx, 3)
	if err != nil || u != (MsgUID{3, "uid-3"}) {
		t.Errorf("UIDLOne(3) = %v, %v", u, err)
	}
	if err := c.Dele(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if uids, _ := c.UIDL(ctx); len(uids) != 2 || uids[1].Num != 3 {
		t.Errorf("UIDL after DELE 2 = %v", uids)
	}
	wantCode(t, c.Dele(ctx, 2), transport.CodePOPNoSuchMessage)
	if err := c.Rset(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _, err := c.Stat(ctx); n != 3 || err != nil {
		t.Errorf("Stat after RSET = %d, %v; want 3", n, err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}
	wantCode(t, c.Noop(ctx), transport.CodeClosed)
}

func TestUIDLUnsupported(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.msgs = []string{tricky}
	f.handlers["UIDL"] = func(s *fsess, arg string) { s.send("-ERR Unknown command: UIDL\r\n") }
	c := loggedIn(t, f)
	_, err := c.UIDL(t.Context())
	wantCode(t, err, transport.CodePOPUnsupported)
	_, err = c.UIDLOne(t.Context(), 1)
	wantCode(t, err, transport.CodePOPUnsupported)
	if err := c.Noop(t.Context()); err != nil {
		t.Errorf("Noop after -ERR: %v", err)
	}
}

// A malformed listing is an error, but it is read to its end, so the
// session goes on.
func TestListingMalformed(t *testing.T) {
	for _, tc := range []struct{ verb, reply string }{
		{"UIDL", "+OK\r\n1 uid-1\r\n2 bad\x01uid\r\n3 uid-3\r\n.\r\n"},
		{"UIDL", "+OK\r\n1 " + strings.Repeat("u", 71) + "\r\n.\r\n"},
		{"UIDL", "+OK\r\n1 same\r\n2 same\r\n.\r\n"},
		{"UIDL", "+OK\r\n0 zero\r\n.\r\n"},
		{"LIST", "+OK\r\n1 -5\r\n.\r\n"},
		{"LIST", "+OK\r\n1 99999999999999999999999\r\n.\r\n"},
		{"LIST", "+OK\r\n1 10\r\n1 10\r\n.\r\n"},
	} {
		f := newFake(t, transport.SecurityTLS)
		f.handlers[tc.verb] = func(s *fsess, arg string) { s.send(tc.reply) }
		c := loggedIn(t, f)
		var err error
		if tc.verb == "UIDL" {
			_, err = c.UIDL(t.Context())
		} else {
			_, err = c.List(t.Context())
		}
		wantCode(t, err, transport.CodeWrongProtocol)
		if err := c.Noop(t.Context()); err != nil {
			t.Errorf("%q: Noop after a malformed listing: %v", tc.reply, err)
		}
	}
}

func TestStatPOPDisabled(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.handlers["STAT"] = func(s *fsess, arg string) {
		s.send("-ERR [SYS/PERM] Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access.\r\n")
	}
	c := loggedIn(t, f)
	_, _, err := c.Stat(t.Context())
	wantCode(t, err, transport.CodePOPDisabled)
}

// QUIT answered -ERR: the deletions may not have happened.
func TestQuitFailed(t *testing.T) {
	f := newFake(t, transport.SecurityTLS)
	f.handlers["QUIT"] = func(s *fsess, arg string) { s.send("-ERR [SYS/TEMP] Some deleted messages not removed\r\n") }
	c := loggedIn(t, f)
	wantCode(t, c.Quit(t.Context()), transport.CodePOPTemporary)
	wantCode(t, c.Noop(t.Context()), transport.CodeClosed)
}
