package mailfile

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// readAll reads every message of an mbox, failing the test on any error.
func readAll(t *testing.T, data []byte, f Format) []Message {
	t.Helper()
	r := NewMboxReader(bytes.NewReader(data), f, "test.mbox")
	var out []Message
	for {
		msg, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next after %d messages: %v", len(out), err)
		}
		out = append(out, msg)
	}
	if r.Offset() != int64(len(data)) {
		t.Errorf("Offset at the end = %d, want %d", r.Offset(), len(data))
	}
	return out
}

// writeAll writes msgs as an mbox with a fixed clock.
func writeAll(t *testing.T, msgs []Message, f Format) []byte {
	t.Helper()
	var b bytes.Buffer
	w := NewMboxWriter(&b, f)
	w.now = func() time.Time { return time.Date(2024, 3, 4, 5, 6, 7, 0, time.UTC) }
	for _, m := range msgs {
		if err := w.Write(m); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// roundTripped is the documented guarantee: Raw comes back unchanged,
// except that a non-empty Raw without a final "\n" gains one.
func roundTripped(raw []byte) []byte {
	if len(raw) > 0 && raw[len(raw)-1] != '\n' {
		return append(append([]byte{}, raw...), '\n')
	}
	return raw
}

var tricky = []string{
	"Subject: plain\n\nbody\n",
	"Subject: from lines\n\nFrom here\n\nFrom there on a new paragraph\n",
	"From the very first line\nSubject: x\n\n",
	"Subject: quoted\n\n>From a\n>>From b\n>>>From c\n\n>From after blank\n",
	"Subject: no space\n\nFrom\nFromage\nFrom:me\n>From\n>Fromage\n",
	"Subject: no final newline\n\nlast line",
	"Subject: no final newline after from\n\nFrom x",
	"Subject: crlf\r\n\r\nbody\r\nFrom crlf\r\n\r\nFrom after crlf blank\r\n",
	"Subject: ends in crlf blank\r\n\r\n",
	"Subject: ends in cr\r\n\r\nbody\r",
	"Subject: nul and 8-bit\n\n\x00\xff\xfe\x80 caf\xe9 \x00From \x00\n",
	"Subject: empty body\n\n",
	"Subject: header only\n",
	"",
	"\n",
	"\n\n\n",
	"\r\n",
	"From \n",
	"Subject: blank lines at the end\n\nbody\n\n\n",
	"Subject: mixed\r\n\nFrom a\r\n\r\n>From b\n\n",
	"Subject: tabs\n\n\tFrom x\n From y\nFrom\tz\n",
	"Subject: long\n\n" + strings.Repeat("x", 3*readBuffer+17) + "\nFrom long\n\n" +
		strings.Repeat(">", readBuffer+3) + "From many quotes\n",
}

func TestMboxRDRoundTrip(t *testing.T) {
	var msgs []Message
	for _, s := range tricky {
		msgs = append(msgs, Message{Raw: []byte(s)})
	}
	// Each alone and all in one stream.
	for i, m := range msgs {
		got := readAll(t, writeAll(t, []Message{m}, MboxRD), MboxRD)
		if len(got) != 1 || !bytes.Equal(got[0].Raw, roundTripped(m.Raw)) {
			t.Errorf("message %d: got %q", i, raws(got))
		}
	}
	got := readAll(t, writeAll(t, msgs, MboxRD), MboxRD)
	if len(got) != len(msgs) {
		t.Fatalf("read %d messages, wrote %d", len(got), len(msgs))
	}
	for i := range msgs {
		if want := roundTripped(msgs[i].Raw); !bytes.Equal(got[i].Raw, want) {
			t.Errorf("message %d:\n got %q\nwant %q", i, got[i].Raw, want)
		}
	}
}

func TestMboxRDQuoting(t *testing.T) {
	raw := "S: x\n\nFrom a\n>From b\n>>From c\nFrom\n>From\n"
	out := string(writeAll(t, []Message{{Raw: []byte(raw), Sender: "me@example.org",
		Date: time.Date(2006, 1, 2, 15, 4, 5, 0, time.UTC)}}, MboxRD))
	want := "From me@example.org Mon Jan  2 15:04:05 2006\n" +
		"S: x\n\n>From a\n>>From b\n>>>From c\nFrom\n>From\n\n"
	if out != want {
		t.Errorf("wrote\n%q\nwant\n%q", out, want)
	}
}

func TestMboxORoundTrip(t *testing.T) {
	var msgs []Message
	for _, s := range tricky {
		// Exact for messages without ">From " lines (">>From " survives).
		if strings.HasPrefix(s, ">From ") || strings.Contains(s, "\n>From ") {
			continue
		}
		msgs = append(msgs, Message{Raw: []byte(s)})
	}
	got := readAll(t, writeAll(t, msgs, MboxO), MboxO)
	if len(got) != len(msgs) {
		t.Fatalf("read %d messages, wrote %d", len(got), len(msgs))
	}
	for i := range msgs {
		if want := roundTripped(msgs[i].Raw); !bytes.Equal(got[i].Raw, want) {
			t.Errorf("message %d:\n got %q\nwant %q", i, got[i].Raw, want)
		}
	}
}

func TestMboxOLoss(t *testing.T) {
	raw := "S: x\n\nFrom a\n>From b\n>>From c\n"
	data := writeAll(t, []Message{{Raw: []byte(raw)}}, MboxO)
	if want := "S: x\n\n>From a\n>From b\n>>From c\n\n"; !strings.HasSuffix(string(data), want) {
		t.Errorf("wrote %q", data)
	}
	got := readAll(t, data, MboxO)
	// The documented loss: ">From b" was written unquoted and reads back
	// as "From b".
	if want := "S: x\n\nFrom a\nFrom b\n>>From c\n"; len(got) != 1 || string(got[0].Raw) != want {
		t.Errorf("read %q, want %q", raws(got), want)
	}
}

func TestFromLine(t *testing.T) {
	data := "From - Mon Jan  1 00:00:00 2024\r\n" +
		"X-Mozilla-Status: 0001\r\nX-Mozilla-Status2: 00000000\r\nSubject: tb\r\n\r\nhi\r\n\r\n" +
		"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n" +
		"Subject: daemon\n\n" +
		"From someone@example.org Sat Jan 3 01:05:34 1996\n\nx\n\n" +
		"From a@b Tue Mar 18 10:00:00 2003 +0100\n\n" +
		"From a@b Tue Mar 18 10:00:00 CET 2003\n\n" +
		"From a@b Tue Mar 18 10:00:00 2003 remote from host\n\n" +
		"From a@b not a date\n\n" +
		"From nodate\n"
	got := readAll(t, []byte(data), MboxRD)
	type want struct {
		sender string
		date   time.Time
		raw    string
		off    int64
		line   int
	}
	d := func(y int, mo time.Month, day, h, mi, s int) time.Time {
		return time.Date(y, mo, day, h, mi, s, 0, time.UTC)
	}
	wants := []want{
		{"-", d(2024, 1, 1, 0, 0, 0), "X-Mozilla-Status: 0001\r\nX-Mozilla-Status2: 00000000\r\nSubject: tb\r\n\r\nhi\r\n", 0, 1},
		{"MAILER-DAEMON", d(2011, 7, 8, 12, 8, 34), "Subject: daemon\n", 0, 8},
		{"someone@example.org", d(1996, 1, 3, 1, 5, 34), "\nx\n", 0, 11},
		{"a@b", d(2003, 3, 18, 9, 0, 0), "", 0, 15},
		{"a@b", time.Date(2003, 3, 18, 10, 0, 0, 0, time.FixedZone("CET", 0)).UTC(), "", 0, 17},
		{"a@b", d(2003, 3, 18, 10, 0, 0), "", 0, 19},
		{"a@b", time.Time{}, "", 0, 21},
		{"nodate", time.Time{}, "", 0, 23},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d messages: %q", len(got), raws(got))
	}
	lines := strings.SplitAfter(data, "\n")
	for i, w := range wants {
		g := got[i]
		// The offset of a line is the length of all lines before it.
		w.off = int64(len(strings.Join(lines[:w.line-1], "")))
		if g.Sender != w.sender || !g.Date.Equal(w.date) || string(g.Raw) != w.raw || g.Offset != w.off || g.Line != w.line {
			t.Errorf("message %d: got sender %q date %v raw %q off %d line %d; want %q %v %q %d %d",
				i, g.Sender, g.Date, g.Raw, g.Offset, g.Line, w.sender, w.date, w.raw, w.off, w.line)
		}
		if !strings.HasPrefix(data[g.Offset:], "From ") {
			t.Errorf("message %d: offset %d is not at a From line", i, g.Offset)
		}
	}
}

// A "From " line only separates after a blank line: without one it is
// part of the message, as a hand-edited or badly quoted file has it.
func TestSeparatorNeedsBlankLine(t *testing.T) {
	data := "From a Mon Jan  1 00:00:00 2024\nS: 1\nFrom b Mon Jan  1 00:00:00 2024\n\nFrom c Mon Jan  1 00:00:00 2024\nS: 2\n"
	got := readAll(t, []byte(data), MboxRD)
	if len(got) != 2 || string(got[0].Raw) != "S: 1\nFrom b Mon Jan  1 00:00:00 2024\n" || string(got[1].Raw) != "S: 2\n" {
		t.Errorf("got %q", raws(got))
	}
}

func TestTruncatedLastMessage(t *testing.T) {
	data := "From a Mon Jan  1 00:00:00 2024\nS: 1\n\nFrom b Mon Jan  1 00:00:00 2024\nS: 2\n\nhalf a li"
	got := readAll(t, []byte(data), MboxRD)
	if len(got) != 2 || string(got[1].Raw) != "S: 2\n\nhalf a li" {
		t.Errorf("got %q", raws(got))
	}
	// Cut inside the "From " line: an empty message, still there.
	got = readAll(t, []byte("From a Mon Jan  1 00:00:00 2024\nS: 1\n\nFrom b Mon"), MboxRD)
	if len(got) != 2 || string(got[0].Raw) != "S: 1\n" || len(got[1].Raw) != 0 || got[1].Sender != "b" {
		t.Errorf("got %q", raws(got))
	}
}

func TestEmptyStream(t *testing.T) {
	r := NewMboxReader(strings.NewReader(""), MboxRD, "empty")
	for range 2 {
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("Next = %v, want io.EOF", err)
		}
	}
}

func TestNotStartingWithFrom(t *testing.T) {
	data := "junk line\n\nFrom inside junk? no: no blank before\nmore\n\nFrom a Mon Jan  1 00:00:00 2024\nS: 1\n"
	r := NewMboxReader(strings.NewReader(data), MboxRD, "p")
	_, err := r.Next()
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Offset != 0 || ce.Line != 1 || !ce.Resumable || ce.Path != "p" {
		t.Fatalf("Next = %#v", err)
	}
	// Resuming skips to the first separator: "From inside junk" follows a
	// blank line, so it is one.
	msg, err := r.Next()
	if err != nil || msg.Line != 3 || msg.Offset != 11 || string(msg.Raw) != "more\n" {
		t.Fatalf("Next = %+v, %v", msg, err)
	}
	msg, err = r.Next()
	if err != nil || msg.Line != 6 || string(msg.Raw) != "S: 1\n" {
		t.Fatalf("Next = %+v, %v", msg, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next = %v", err)
	}

	// Not an mbox at all: one error, then the end.
	r = NewMboxReader(strings.NewReader("\x89PNG\r\n\x1a\n"), MboxRD, "p")
	if _, err := r.Next(); !errors.As(err, &ce) || ce.Line != 1 {
		t.Fatalf("Next = %v", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next = %v", err)
	}
	// Shorter than "From ".
	r = NewMboxReader(strings.NewReader("Fro"), MboxRD, "p")
	if _, err := r.Next(); !errors.As(err, &ce) || ce.Line != 1 {
		t.Fatalf("Next = %v", err)
	}
}

// lineReader yields the mbox lines it is given lazily, so a test can read
// messages larger than it would like to hold twice.
type lineReader struct {
	parts []func() []byte
	cur   []byte
}

func (l *lineReader) Read(p []byte) (int, error) {
	for len(l.cur) == 0 {
		if len(l.parts) == 0 {
			return 0, io.EOF
		}
		l.cur, l.parts = l.parts[0](), l.parts[1:]
	}
	n := copy(p, l.cur)
	l.cur = l.cur[n:]
	return n, nil
}

func TestMessageTooLarge(t *testing.T) {
	from := "From a Mon Jan  1 00:00:00 2024\n"
	lines := func(n int) func() []byte {
		// n bytes of body in lines of 100, so line counts are known.
		return func() []byte {
			b := bytes.Repeat([]byte(strings.Repeat("a", 99)+"\n"), n/100)
			return append(b, bytes.Repeat([]byte("b"), n%100)...)
		}
	}
	s := func(s string) func() []byte { return func() []byte { return []byte(s) } }
	oneLine := func(n int) func() []byte {
		return func() []byte { return append(bytes.Repeat([]byte("c"), n-1), '\n') }
	}
	r := NewMboxReader(&lineReader{parts: []func() []byte{
		s(from), lines(MaxMessage - 100), s(strings.Repeat("d", 99) + "\n"), s("\n"), // exactly MaxMessage: fine
		s(from), lines(MaxMessage - 100), s(strings.Repeat("e", 100) + "\n"), s("\n"), // one byte over
		s(from), s("S: small\n"), s("\n"),
		s(from), oneLine(MaxMessage + 1), s("\n"), // one line over
		s(from), lines(MaxMessage), s("\n\n"), // over by blank lines alone
		s(from), s("S: last\n"),
	}}, MboxRD, "big")

	msg, err := r.Next()
	if err != nil || len(msg.Raw) != MaxMessage || msg.Line != 1 {
		t.Fatalf("message of MaxMessage bytes: len %d line %d err %v", len(msg.Raw), msg.Line, err)
	}
	var ce *CorruptError
	wantOff := int64(len(from) + MaxMessage + 1)
	wantLine := 1 + MaxMessage/100 + 2
	if _, err := r.Next(); !errors.As(err, &ce) || !ce.Resumable || ce.Offset != wantOff || ce.Line != wantLine {
		t.Fatalf("too large: %v (want offset %d line %d)", err, wantOff, wantLine)
	}
	msg, err = r.Next()
	wantOff += int64(len(from) + MaxMessage + 1 + 1)
	wantLine += 1 + MaxMessage/100 + 1
	if err != nil || string(msg.Raw) != "S: small\n" || msg.Offset != wantOff || msg.Line != wantLine {
		t.Fatalf("after the skipped one: %+v %v (want offset %d line %d)", msg, err, wantOff, wantLine)
	}
	wantOff += int64(len(from) + len("S: small\n\n"))
	wantLine += 3
	if _, err := r.Next(); !errors.As(err, &ce) || !ce.Resumable || ce.Offset != wantOff || ce.Line != wantLine {
		t.Fatalf("too long a line: %v (want offset %d line %d)", err, wantOff, wantLine)
	}
	wantOff += int64(len(from) + MaxMessage + 2)
	wantLine += 3
	if _, err := r.Next(); !errors.As(err, &ce) || !ce.Resumable || ce.Offset != wantOff || ce.Line != wantLine {
		t.Fatalf("too many blank lines: %v (want offset %d line %d)", err, wantOff, wantLine)
	}
	msg, err = r.Next()
	if err != nil || string(msg.Raw) != "S: last\n" || msg.Line != wantLine+MaxMessage/100+3 {
		t.Fatalf("last: %+v %v", msg, err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next = %v", err)
	}
}

// failReader gives data, then an error.
type failReader struct {
	data []byte
	err  error
}

func (f *failReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadError(t *testing.T) {
	boom := errors.New("disk gone")
	data := "From a Mon Jan  1 00:00:00 2024\nS: 1\n\nFrom b Mon Jan  1 00:00:00 2024\nS: 2\npart"
	r := NewMboxReader(&failReader{data: []byte(data), err: boom}, MboxRD, "p")
	msg, err := r.Next()
	if err != nil || string(msg.Raw) != "S: 1\n" {
		t.Fatalf("Next = %+v, %v", msg, err)
	}
	for range 2 { // the error stays
		_, err = r.Next()
		var ce *CorruptError
		if !errors.As(err, &ce) || ce.Resumable || !errors.Is(err, boom) || ce.Offset != int64(len(data)) || ce.Line != 6 {
			t.Fatalf("Next = %#v", err)
		}
	}
	// Failing at once.
	r = NewMboxReader(&failReader{err: boom}, MboxRD, "p")
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Fatalf("Next = %v", err)
	}
	// Failing inside the next "From " line: the message before is whole.
	data = "From a Mon Jan  1 00:00:00 2024\nS: 1\n\nFrom b Mon"
	r = NewMboxReader(&failReader{data: []byte(data), err: boom}, MboxRD, "p")
	if msg, err := r.Next(); err != nil || string(msg.Raw) != "S: 1\n" {
		t.Fatalf("Next = %+v, %v", msg, err)
	}
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Fatalf("Next = %v", err)
	}
}

func TestParseFormat(t *testing.T) {
	for s, want := range map[string]Format{"mboxrd": MboxRD, "MBOXO": MboxO, " mboxo ": MboxO} {
		if f, err := ParseFormat(s); err != nil || f != want {
			t.Errorf("ParseFormat(%q) = %v, %v", s, f, err)
		}
	}
	if _, err := ParseFormat("mboxcl2"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("ParseFormat(mboxcl2) = %v", err)
	}
	if MboxRD.String() != "mboxrd" || MboxO.String() != "mboxo" {
		t.Error("String")
	}
}

func TestWriterSenderAndDate(t *testing.T) {
	out := string(writeAll(t, []Message{
		{Raw: []byte("a\n")},
		{Raw: []byte("b\n"), Sender: "odd sender\r\n", Date: time.Date(2020, 12, 31, 23, 0, 0, 0, time.FixedZone("x", 3600))},
	}, MboxRD))
	want := "From MAILER-DAEMON Mon Mar  4 05:06:07 2024\na\n\n" +
		"From odd_sender__ Thu Dec 31 22:00:00 2020\nb\n\n"
	if out != want {
		t.Errorf("got %q", out)
	}
	got := readAll(t, []byte(out), MboxRD)
	if got[1].Sender != "odd_sender__" || !got[1].Date.Equal(time.Date(2020, 12, 31, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("read back %+v", got[1])
	}
}

type errWriter struct{ err error }

func (e errWriter) Write([]byte) (int, error) { return 0, e.err }

func TestWriterError(t *testing.T) {
	boom := errors.New("full")
	w := NewMboxWriter(errWriter{boom}, MboxRD)
	// The buffer hides the failure until it fills or is flushed.
	_ = w.Write(Message{Raw: []byte("x\n")})
	if err := w.Flush(); !errors.Is(err, boom) {
		t.Fatalf("Flush = %v", err)
	}
	if err := w.Write(Message{Raw: []byte("x\n")}); !errors.Is(err, boom) {
		t.Fatalf("Write after failure = %v", err)
	}
}

func FuzzMboxRDRoundTrip(f *testing.F) {
	for _, s := range tricky {
		f.Add([]byte(s), []byte("From x\n\n>From y"))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		data := writeAll(t, []Message{{Raw: a}, {Raw: b}}, MboxRD)
		got := readAll(t, data, MboxRD)
		if len(got) != 2 || !bytes.Equal(got[0].Raw, roundTripped(a)) || !bytes.Equal(got[1].Raw, roundTripped(b)) {
			t.Fatalf("round trip of %q, %q gave %q", a, b, raws(got))
		}
	})
}

// raws is the Raw of each message, for printing.
func raws(msgs []Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, string(m.Raw))
	}
	return out
}

// FuzzMboxReader feeds arbitrary bytes: no panic, every message starts at
// a "From " line, stays within the data, and reading ends.
func FuzzMboxReader(f *testing.F) {
	f.Add([]byte("From a\n\nFrom b\nx\n\n>From c\n\nFrom d\r\n\r\n"))
	f.Add([]byte("junk\n\nFrom a Mon Jan  1 00:00:00 2024\n>>From\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, format := range []Format{MboxRD, MboxO} {
			r := NewMboxReader(bytes.NewReader(data), format, "fuzz")
			prev := int64(-1)
			for i := 0; ; i++ {
				if i > len(data)+2 {
					t.Fatal("Next does not end")
				}
				msg, err := r.Next()
				if err == io.EOF {
					break
				}
				var ce *CorruptError
				if errors.As(err, &ce) && ce.Resumable {
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if msg.Offset <= prev || !bytes.HasPrefix(data[msg.Offset:], fromPrefix) || len(msg.Raw) > len(data) {
					t.Fatalf("message %d at %d: %q", i, msg.Offset, msg.Raw)
				}
				prev = msg.Offset
			}
			if r.Offset() != int64(len(data)) {
				t.Fatalf("Offset %d of %d", r.Offset(), len(data))
			}
		}
	})
}
