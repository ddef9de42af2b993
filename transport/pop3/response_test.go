package pop3

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	"wren/transport"
)

func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind statusKind
		code string
		text string
		bad  bool
	}{
		{in: "+OK", kind: statusOK},
		{in: "+OK Dovecot ready.", kind: statusOK, text: "Dovecot ready."},
		{in: "+ok lower case", kind: statusOK, text: "lower case"},
		{in: "-ERR", kind: statusErr},
		{in: "-ERR [AUTH] Authentication failed.", kind: statusErr, code: "AUTH", text: "Authentication failed."},
		{in: "-ERR [SYS/TEMP] Temporary system problem.", kind: statusErr, code: "SYS/TEMP", text: "Temporary system problem."},
		{in: "-ERR [in-use] x", kind: statusErr, code: "IN-USE", text: "x"},
		{in: "-ERR [LOGIN-DELAY]", kind: statusErr, code: "LOGIN-DELAY"},
		{in: "-ERR [] empty", kind: statusErr, text: "[] empty"},
		{in: "-ERR [SYS/] trailing slash", kind: statusErr, text: "[SYS/] trailing slash"},
		{in: "-ERR [not a code] spaces", kind: statusErr, text: "[not a code] spaces"},
		{in: "-ERR [unterminated", kind: statusErr, text: "[unterminated"},
		{in: "-ERR [" + strings.Repeat("A", 65) + "] long", kind: statusErr, text: "[" + strings.Repeat("A", 65) + "] long"},
		{in: "-ERR\tTabbed", kind: statusErr, text: "Tabbed"},
		{in: "+ ", kind: statusCont},
		{in: "+", kind: statusCont},
		{in: "+ Y2hhbGxlbmdl", kind: statusCont, text: "Y2hhbGxlbmdl"},
		{in: "+OKAY", bad: true},
		{in: "-ERROR", bad: true},
		{in: "* OK [CAPABILITY IMAP4rev1] Dovecot ready.", bad: true},
		{in: "220 smtp.example.org ESMTP", bad: true},
		{in: "", bad: true},
		{in: "+x", bad: true},
	} {
		st, err := parseStatus([]byte(tc.in))
		if tc.bad {
			if err == nil {
				t.Errorf("parseStatus(%q) = %+v, want an error", tc.in, st)
			}
			continue
		}
		if err != nil || st.kind != tc.kind || st.code != tc.code || st.text != tc.text {
			t.Errorf("parseStatus(%q) = %+v, %v; want kind %d code %q text %q", tc.in, st, err, tc.kind, tc.code, tc.text)
		}
	}
}

func TestReadLine(t *testing.T) {
	r := bufio.NewReaderSize(strings.NewReader("+OK a\r\nbare lf\nexact12345\r\n"+strings.Repeat("x", 11)+"\r\ntail"), 16)
	for _, want := range []string{"+OK a", "bare lf", "exact12345"} {
		got, err := readLine(r, 10)
		if err != nil || string(got) != want {
			t.Fatalf("readLine = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := readLine(r, 10); !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("11-octet line with bound 10: err = %v, want ErrTooLarge", err)
	}
	r = bufio.NewReaderSize(strings.NewReader("tail"), 16)
	if _, err := readLine(r, 10); err != io.ErrUnexpectedEOF {
		t.Errorf("line without end: err = %v, want ErrUnexpectedEOF", err)
	}
	if _, err := readLine(r, 10); err != io.EOF {
		t.Errorf("at end: err = %v, want EOF", err)
	}
}

func TestReadListing(t *testing.T) {
	in := "1 a\r\n..2 b\r\n.x\r\n\r\n.\r\nNEXT\r\n"
	r := bufio.NewReader(strings.NewReader(in))
	var got []string
	if err := readListing(r, 100, 10, func(l []byte) error { got = append(got, string(l)); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"1 a", ".2 b", "x", ""}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("lines = %q, want %q", got, want)
	}
	if next, _ := readLine(r, 100); string(next) != "NEXT" {
		t.Errorf("after the listing: %q, want NEXT (the terminator was over-read)", next)
	}
	r = bufio.NewReader(strings.NewReader("a\r\nb\r\nc\r\n.\r\n"))
	if err := readListing(r, 100, 2, func([]byte) error { return nil }); !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("3 lines with bound 2: err = %v, want ErrTooLarge", err)
	}
	r = bufio.NewReader(strings.NewReader("a\r\nb\r\n.\r\nNEXT\r\n"))
	bad := errors.New("bad line")
	if err := readListing(r, 100, 10, func(l []byte) error { return bad }); err != bad {
		t.Errorf("fn error: got %v, want %v", err, bad)
	}
	if next, _ := readLine(r, 100); string(next) != "NEXT" {
		t.Errorf("after a failed line the listing was not read to its end: %q", next)
	}
}

func TestParseListingLines(t *testing.T) {
	if m, err := parseScan([]byte("3 1205 extra info")); err != nil || m != (Msg{3, 1205}) {
		t.Errorf("parseScan = %v, %v", m, err)
	}
	for _, bad := range []string{"", "1", "0 5", "+1 5", "1 -5", "x 5", "1 5x", "99999999999 5", "1 99999999999999999999"} {
		if m, err := parseScan([]byte(bad)); err == nil {
			t.Errorf("parseScan(%q) = %v, want an error", bad, m)
		}
	}
	if m, err := parseUIDLine([]byte("2 QhdPYR:00WBw1Ph7x7")); err != nil || m != (MsgUID{2, "QhdPYR:00WBw1Ph7x7"}) {
		t.Errorf("parseUIDLine = %v, %v", m, err)
	}
	for _, bad := range []string{"2", "2 a b", "2 caf\xc3\xa9", "x uid", "0 uid"} {
		if m, err := parseUIDLine([]byte(bad)); err == nil {
			t.Errorf("parseUIDLine(%q) = %v, want an error", bad, m)
		}
	}
	if n, size, err := parseStat([]byte("2 320")); err != nil || n != 2 || size != 320 {
		t.Errorf("parseStat = %d, %d, %v", n, size, err)
	}
	if _, _, err := parseStat([]byte("2")); err == nil {
		t.Error("parseStat(\"2\"): no error")
	}
}

func TestUIDValid(t *testing.T) {
	for u, want := range map[UID]bool{
		"a": true, "~!": true, UID(strings.Repeat("x", 70)): true,
		"": false, UID(strings.Repeat("x", 71)): false, "a b": false, "a\x7f": false, "\x00": false, "é": false,
	} {
		if got := u.Valid(); got != want {
			t.Errorf("UID(%q).Valid() = %v, want %v", u, got, want)
		}
	}
}

func TestParseCaps(t *testing.T) {
	lines := [][]byte{
		[]byte("TOP"), []byte("uidl"), []byte("RESP-CODES"), []byte("AUTH-RESP-CODE"), []byte("PIPELINING"),
		[]byte("USER"), []byte("SASL PLAIN login PLAIN"), []byte("LOGIN-DELAY 900 USER"),
		[]byte("EXPIRE 31"), []byte("IMPLEMENTATION Dovecot 2.3"), []byte(""),
	}
	c := parseCaps(lines)
	if !c.Known || !c.TOP() || !c.UIDL() || !c.USER() || !c.RespCodes() || !c.AuthRespCode() || c.STLS() {
		t.Errorf("flags wrong: %v", c.Names())
	}
	if strings.Join(c.SASL, " ") != "PLAIN LOGIN" || !c.HasSASL("login") {
		t.Errorf("SASL = %q, want PLAIN LOGIN", c.SASL)
	}
	if c.LoginDelay.Seconds() != 900 || !c.LoginDelayPerUser {
		t.Errorf("LoginDelay = %v per user %v, want 15m per user", c.LoginDelay, c.LoginDelayPerUser)
	}
	if c.Expire != (Expire{Set: true, Days: 31}) {
		t.Errorf("Expire = %+v", c.Expire)
	}
	if c.Implementation != "Dovecot 2.3" {
		t.Errorf("Implementation = %q", c.Implementation)
	}
	if got := c.Args("sasl"); len(got) != 3 {
		t.Errorf("Args(sasl) = %q", got)
	}
	c2 := parseCaps([][]byte{[]byte("EXPIRE NEVER"), []byte("LOGIN-DELAY x"), []byte("LOGIN-DELAY 99999999")})
	if !c2.Expire.Never || c2.LoginDelay != 0 {
		t.Errorf("EXPIRE NEVER / bad LOGIN-DELAY = %+v / %v", c2.Expire, c2.LoginDelay)
	}
	// Caps hands out copies.
	cl := c.clone()
	cl.SASL[0] = "X"
	if c.SASL[0] != "PLAIN" {
		t.Error("clone shares the SASL slice")
	}
}
