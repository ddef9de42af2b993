package imap

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport"
)

type imapError struct{ typ, code string }

func (e imapError) err() *goimap.Error {
	return &goimap.Error{Type: goimap.StatusResponseType(e.typ), Code: goimap.ResponseCode(e.code), Text: "x"}
}

func TestIsBodyLiteral(t *testing.T) {
	for s, want := range map[string]bool{
		"* 1 FETCH (UID 5 BODY[]":                        true,
		"* 1 FETCH (UID 5 BODY[] ":                       true,
		"* 1 FETCH (UID 5 BODY[1.2]<0> ":                 true,
		"* 1 FETCH (BINARY[1] ~":                         true,
		"* 1 FETCH (UID 5 RFC822 ":                       true,
		"* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT FROM)] ": true,
		"* 1 FETCH (ENVELOPE (\"d\" ":                    false,
		"* LIST () \"/\" ":                               false,
		"* 1 FETCH (XBODY[] ":                            false,
		"* OK [ALERT] ":                                  false,
	} {
		if got := isBodyLiteral([]byte(s)); got != want {
			t.Errorf("isBodyLiteral(%q) = %v, want %v", s, got, want)
		}
	}
}

// feed scans s one byte at a time and then at once, which must agree.
func feed(t *testing.T, lim Limits, s string) (*guard, error) {
	t.Helper()
	g1 := newGuard(lim.norm(), true)
	var err1 error
	for i := 0; i < len(s) && err1 == nil; i++ {
		err1 = g1.scan([]byte{s[i]})
	}
	g2 := newGuard(lim.norm(), true)
	err2 := g2.scan([]byte(s))
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("byte-wise %v, whole %v", err1, err2)
	}
	return g2, err2
}

func TestGuardLiterals(t *testing.T) {
	lim := Limits{MaxLine: 100, MaxLiteral: 50, MaxBody: 1000}
	body := strings.Repeat("b", 200)
	// An alert inside a literal is message data, not a response.
	fetch := "* 1 FETCH (UID 1 BODY[] {" + strconv.Itoa(len(body)+22) + "}\r\n" + body + "\r\n* OK [ALERT] fake\r\n)\r\n"
	g := newGuard(lim.norm(), true)
	restore := g.allowBody(500)
	if err := g.scan([]byte(fetch + "* OK [ALERT] real one\r\n")); err != nil {
		t.Fatal(err)
	}
	restore()
	if a := <-g.alerts; a.Text != "real one" {
		t.Errorf("alert %q, want the real one", a.Text)
	}
	select {
	case a := <-g.alerts:
		t.Errorf("alert from inside a literal: %q", a.Text)
	default:
	}
	// Outside FetchBody a body literal gets no more than MaxLiteral.
	if _, err := feed(t, lim, fetch); !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("body literal without FetchBody: %v", err)
	}
	for name, s := range map[string]string{
		"literal":         "* LIST () \"/\" {51}\r\n",
		"literal total":   "* 1 FETCH (ENVELOPE ({30}\r\n" + strings.Repeat("x", 30) + " {30}\r\n",
		"line":            "* OK " + strings.Repeat("a", 100),
		"line over parts": "* 1 FETCH (ENVELOPE ({1}\r\nx " + strings.Repeat("a", 90) + "\r\n",
		"digits":          "* LIST () \"/\" {99999999999999999999}\r\n",
	} {
		if _, err := feed(t, lim, s); !errors.Is(err, transport.ErrTooLarge) {
			t.Errorf("%s: %v, want ErrTooLarge", name, err)
		}
	}
	for name, s := range map[string]string{
		"literal at limit": "* LIST () \"/\" {50}\r\n" + strings.Repeat("x", 50) + "\r\n",
		"lines reset":      strings.Repeat("* OK "+strings.Repeat("a", 80)+"\r\n", 5),
		"bare LF":          strings.Repeat("* OK "+strings.Repeat("a", 80)+"\n", 5),
	} {
		if _, err := feed(t, lim, s); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestGuardReadOnlyAndBye(t *testing.T) {
	g, err := feed(t, Limits{}, "T3 OK [READ-ONLY] EXAMINE completed\r\n* BYE Server shutting down.\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if !g.readOnly.Load() || g.lastBye() != "Server shutting down." {
		t.Errorf("readOnly %v, bye %q", g.readOnly.Load(), g.lastBye())
	}
	g = newGuard(DefaultLimits, false) // plaintext: nothing captured
	g.scan([]byte("* OK [ALERT] plain\r\n* BYE plain\r\n"))
	if len(g.alerts) != 0 || g.lastBye() != "" {
		t.Error("texts captured from a plaintext session")
	}
}

func TestChunks(t *testing.T) {
	set := goimap.UIDSet{{Start: 1, Stop: 5}, {Start: 9, Stop: 9}, {Start: 20, Stop: 23}}
	var got []string
	for c := range chunks(set, 3) {
		got = append(got, c.String())
	}
	want := "1:3|4:5,9|20:22|23"
	if strings.Join(got, "|") != want {
		t.Errorf("chunks = %q, want %q", strings.Join(got, "|"), want)
	}
	n := 0
	for range chunks(goimap.UIDSet{{Start: 4294967290, Stop: 4294967295}}, 4) {
		n++
	}
	if n != 2 {
		t.Errorf("chunks near the top: %d, want 2", n)
	}
}
