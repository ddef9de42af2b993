package rfc822

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

func build(t *testing.T, d Draft) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Build(&b, d); err != nil {
		t.Fatalf("Build: %v", err)
	}
	checkWire(t, b.Bytes())
	return b.Bytes()
}

// checkWire fails on a bare CR or LF or a line over 998 octets.
func checkWire(t *testing.T, b []byte) {
	t.Helper()
	for i, c := range b {
		switch {
		case c == '\r' && (i+1 >= len(b) || b[i+1] != '\n'):
			t.Fatalf("bare CR at %d", i)
		case c == '\n' && (i == 0 || b[i-1] != '\r'):
			t.Fatalf("bare LF at %d", i)
		}
	}
	for n, line := range bytes.Split(b, []byte("\r\n")) {
		if len(line) > 998 {
			t.Fatalf("line %d is %d octets", n+1, len(line))
		}
	}
}

func allBytes() []byte {
	b := make([]byte, 256*3)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func TestBuildRoundTrip(t *testing.T) {
	date := time.Date(2025, 6, 3, 10, 11, 12, 0, time.FixedZone("", 2*3600))
	longName := strings.Repeat("長い名前の添付ファイル", 12) + ".txt"
	d := Draft{
		From:       Address{Name: "Zoë Ångström", Address: "zoe@example.com"},
		To:         []Address{{Name: "Bob, the \"Builder\"", Address: "bob@example.net"}, {Address: "carl@example.net"}},
		Cc:         []Address{{Name: "Дмитрий", Address: "dima@example.org"}},
		Bcc:        []Address{{Name: "Secret", Address: "secret@example.org"}},
		ReplyTo:    []Address{{Address: "reply@example.com"}},
		Subject:    "Grüße — " + strings.Repeat("a long subject ", 10) + "日本語",
		Date:       date,
		MessageID:  "fixed.1@example.com",
		InReplyTo:  []string{"parent@example.com"},
		References: []string{"root@example.com", "parent@example.com"},
		Text:       "Hello,\nline two with a very long line " + strings.Repeat("x", 2000) + "\n=3D literal\nFrom the start\n.\n",
		HTML:       "<p>Hello <b>world</b> — ünïcödé</p>\n",
		Attachments: []DraftAttachment{
			{Filename: "binary.bin", ContentType: "application/octet-stream", Data: allBytes()},
			{Filename: "résumé ✓.pdf", ContentType: "application/pdf", Reader: iotest.HalfReader(bytes.NewReader([]byte("%PDF-1.4 fake")))},
			{Filename: longName, ContentType: "text/plain; charset=iso-8859-1", Data: []byte("caf\xe9")},
			{Data: []byte{}},
		},
	}
	raw := build(t, d)
	if bytes.Contains(raw, []byte("secret@example.org")) || bytes.Contains(bytes.ToLower(raw), []byte("\nbcc:")) {
		t.Fatalf("Bcc leaked into the message:\n%s", raw)
	}
	m, err := Parse(bytes.NewReader(raw), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	checkUTF8(t, m)
	if len(m.Warnings) != 0 {
		t.Errorf("warnings: %v", m.Warnings)
	}
	if m.Subject != d.Subject {
		t.Errorf("Subject = %q, want %q", m.Subject, d.Subject)
	}
	if m.Text != d.Text || m.HTML != d.HTML {
		t.Errorf("Text = %q\nHTML = %q", m.Text, m.HTML)
	}
	if len(m.From) != 1 || m.From[0].Name != d.From.Name || m.From[0].Address != d.From.Address {
		t.Errorf("From = %v", m.From)
	}
	if len(m.To) != 2 || m.To[0].Name != d.To[0].Name || m.To[1].Address != "carl@example.net" {
		t.Errorf("To = %v", m.To)
	}
	if len(m.Cc) != 1 || m.Cc[0].Name != "Дмитрий" || len(m.Bcc) != 0 || len(m.ReplyTo) != 1 {
		t.Errorf("Cc %v Bcc %v Reply-To %v", m.Cc, m.Bcc, m.ReplyTo)
	}
	if !m.Date.Equal(date) || m.MessageID != d.MessageID {
		t.Errorf("Date %v MessageID %q", m.Date, m.MessageID)
	}
	if strings.Join(m.InReplyTo, " ") != "parent@example.com" || strings.Join(m.References, " ") != "root@example.com parent@example.com" {
		t.Errorf("In-Reply-To %v References %v", m.InReplyTo, m.References)
	}
	if len(m.Attachments) != 4 {
		t.Fatalf("attachments = %d, want 4", len(m.Attachments))
	}
	want := []struct {
		name, typ string
		data      []byte
	}{
		{"binary.bin", "application/octet-stream", allBytes()},
		{"résumé ✓.pdf", "application/pdf", []byte("%PDF-1.4 fake")},
		{longName, "text/plain", []byte("caf\xe9")},
		{"", "application/octet-stream", nil},
	}
	for i, w := range want {
		a := m.Attachments[i]
		if a.Filename != w.name || a.ContentType != w.typ || !bytes.Equal(a.Data, w.data) || a.Size != int64(len(w.data)) {
			t.Errorf("attachment %d = %q %q %d bytes, want %q %q %d bytes", i, a.Filename, a.ContentType, len(a.Data), w.name, w.typ, len(w.data))
		}
		if a.Disposition != "attachment" {
			t.Errorf("attachment %d disposition %q", i, a.Disposition)
		}
	}
	if m.Attachments[2].Charset != "iso-8859-1" {
		t.Errorf("charset parameter lost: %q", m.Attachments[2].Charset)
	}
}

func TestBuildShapes(t *testing.T) {
	from := Address{Address: "a@example.com"}
	for _, tc := range []struct {
		name     string
		d        Draft
		wantType string
	}{
		{"text only", Draft{From: from, Text: "hi"}, "text/plain"},
		{"html only", Draft{From: from, HTML: "<b>hi</b>"}, "text/html"},
		{"both", Draft{From: from, Text: "hi", HTML: "<b>hi</b>"}, "multipart/alternative"},
		{"attachment", Draft{From: from, Text: "hi", Attachments: []DraftAttachment{{Filename: "a", Data: []byte("x")}}}, "multipart/mixed"},
		{"empty", Draft{From: from}, "text/plain"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := build(t, tc.d)
			m := mustParse(t, string(raw), Limits{})
			typ, _, _ := parseMediaType(m.Header.Get("Content-Type"))
			if typ != tc.wantType {
				t.Errorf("Content-Type = %q, want %q", typ, tc.wantType)
			}
			if m.Text != tc.d.Text || m.HTML != tc.d.HTML {
				t.Errorf("Text %q HTML %q", m.Text, m.HTML)
			}
			if m.Header.Get("MIME-Version") != "1.0" || m.Date.IsZero() {
				t.Errorf("MIME-Version %q Date %v", m.Header.Get("MIME-Version"), m.Date)
			}
			if !strings.HasSuffix(m.MessageID, "@example.com") || len(m.MessageID) < 30 {
				t.Errorf("generated MessageID = %q, want <random@example.com>", m.MessageID)
			}
		})
	}
}

func TestBuildRejects(t *testing.T) {
	ok := Draft{From: Address{Address: "a@example.com"}, To: []Address{{Address: "b@example.com"}}}
	for _, tc := range []struct {
		name  string
		edit  func(d *Draft)
		field string
		err   error
	}{
		{"CRLF in subject", func(d *Draft) { d.Subject = "hi\r\nBcc: victim@example.com" }, "Subject", ErrLineBreak},
		{"LF in subject", func(d *Draft) { d.Subject = "hi\nthere" }, "Subject", ErrLineBreak},
		{"CR in display name", func(d *Draft) { d.To[0].Name = "Bob\rX" }, "To[0]", ErrLineBreak},
		{"LF in address", func(d *Draft) { d.Cc = []Address{{Address: "c@example.com\n"}} }, "Cc[0]", ErrLineBreak},
		{"LF in Bcc", func(d *Draft) { d.Bcc = []Address{{Address: "x@example.com"}, {Name: "\n"}} }, "Bcc[1]", ErrLineBreak},
		{"LF in attachment name", func(d *Draft) { d.Attachments = []DraftAttachment{{Filename: "a\n.txt"}} }, "Attachments[0].Filename", ErrLineBreak},
		{"CR in content type", func(d *Draft) { d.Attachments = []DraftAttachment{{ContentType: "text/plain\r"}} }, "Attachments[0].ContentType", ErrLineBreak},
		{"LF in reference", func(d *Draft) { d.References = []string{"a@b\nX: y"} }, "References[0]", ErrLineBreak},
		{"NUL in subject", func(d *Draft) { d.Subject = "a\x00b" }, "Subject", ErrControlChar},
		{"no sender", func(d *Draft) { d.From = Address{Name: "Nobody"} }, "From", ErrNoFrom},
		{"bad address", func(d *Draft) { d.To[0].Address = "bob at example.com" }, "To[0]", ErrBadAddress},
		{"address list in one", func(d *Draft) { d.To[0].Address = "b@example.com>, <c@example.com" }, "To[0]", ErrBadAddress},
		{"bad message ID", func(d *Draft) { d.MessageID = "no-at-sign" }, "Message-ID", ErrBadMessageID},
		{"bad content type", func(d *Draft) { d.Attachments = []DraftAttachment{{ContentType: "not a type"}} }, "Attachments[0].ContentType", ErrBadContentType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := ok
			d.To = append([]Address(nil), ok.To...)
			tc.edit(&d)
			var b bytes.Buffer
			err := Build(&b, d)
			var fe *FieldError
			if !errors.As(err, &fe) || !errors.Is(err, tc.err) || fe.Field != tc.field {
				t.Fatalf("err = %v, want a FieldError on %s wrapping %v", err, tc.field, tc.err)
			}
			if b.Len() != 0 {
				t.Errorf("%d bytes written before the error", b.Len())
			}
		})
	}
}

func TestBuildDropsMalformedReferences(t *testing.T) {
	raw := build(t, Draft{From: Address{Address: "a@example.com"}, References: []string{"good@x", "bad id with spaces", "<also@good>"}})
	m := mustParse(t, string(raw), Limits{})
	if strings.Join(m.References, " ") != "good@x also@good" {
		t.Errorf("References = %v", m.References)
	}
}

func TestBuildReaderError(t *testing.T) {
	boom := errors.New("disk gone")
	d := Draft{From: Address{Address: "a@example.com"}, Attachments: []DraftAttachment{{Filename: "f", Reader: iotest.ErrReader(boom)}}}
	if err := Build(io.Discard, d); !errors.Is(err, boom) {
		t.Errorf("err = %v, want the reader's error", err)
	}
}

func TestEnvelope(t *testing.T) {
	d := Draft{
		From: Address{Name: "Me", Address: " me@example.com "},
		To:   []Address{{Name: "A", Address: "a@example.com"}, {Address: "b@Example.COM"}},
		Cc:   []Address{{Address: "b@example.com"}, {Address: "c@example.com"}},
		Bcc:  []Address{{Address: "a@example.com"}, {Address: "hidden@example.com"}, {Address: ""}},
	}
	from, rcpts := Envelope(d)
	if from != "me@example.com" {
		t.Errorf("from = %q", from)
	}
	want := "a@example.com,b@Example.COM,c@example.com,hidden@example.com"
	if strings.Join(rcpts, ",") != want {
		t.Errorf("rcpts = %v, want %s", rcpts, want)
	}
}

func TestNewMessageID(t *testing.T) {
	a, b := NewMessageID("Me <me@Mail.Example.com>"), NewMessageID("me@mail.example.com")
	if a == b || !strings.HasSuffix(a, "@mail.example.com") {
		t.Errorf("ids %q %q", a, b)
	}
	if id := NewMessageID("weird@exämple.com"); !strings.HasSuffix(id, "@wren.invalid") {
		t.Errorf("id = %q, want the fallback domain", id)
	}
	if err := checkMsgID("", a); err != nil {
		t.Errorf("generated id %q is not valid: %v", a, err)
	}
}

func TestBuildOverlongWords(t *testing.T) {
	d := Draft{
		From:    Address{Name: strings.Repeat("n", 2000), Address: "a@example.com"},
		Subject: "see " + strings.Repeat("x", 3000) + " end",
		Attachments: []DraftAttachment{
			{Filename: strings.Repeat("f", 1500) + ".txt", ContentType: "text/plain; x-note=" + strings.Repeat("p", 300), Data: []byte("x")},
		},
	}
	raw := build(t, d)
	for _, line := range strings.Split(strings.SplitN(string(raw), "\r\n\r\n", 2)[0], "\r\n") {
		if len(line) > 78 {
			t.Errorf("header line of %d octets: %.60q", len(line), line)
		}
	}
	m := mustParse(t, string(raw), Limits{})
	if m.Subject != d.Subject || m.From[0].Name != d.From.Name {
		t.Errorf("Subject or name changed: %d/%d bytes", len(m.Subject), len(m.From[0].Name))
	}
	if a := m.Attachments[0]; a.Filename != d.Attachments[0].Filename {
		t.Errorf("Filename = %q", a.Filename)
	}
}
