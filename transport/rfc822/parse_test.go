package rfc822

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// crlf turns a readable LF test message into a CRLF one.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func mustParse(t *testing.T, msg string, lim Limits) *Message {
	t.Helper()
	m, err := Parse(strings.NewReader(msg), lim)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkUTF8(t, m)
	return m
}

// checkUTF8 fails the test if any text Parse returned is not valid UTF-8
// or a decoded header holds a control character.
func checkUTF8(t *testing.T, m *Message) {
	t.Helper()
	texts := []string{m.Subject, m.Text, m.HTML, m.MessageID}
	for _, l := range [][]Address{m.From, m.Sender, m.ReplyTo, m.To, m.Cc, m.Bcc} {
		for _, a := range l {
			texts = append(texts, a.Name, a.Address)
			if hasControl(a.Name) || hasControl(a.Address) {
				t.Errorf("address %q <%q> has a control character", a.Name, a.Address)
			}
		}
	}
	if hasControl(m.Subject) {
		t.Errorf("subject %q has a control character", m.Subject)
	}
	for _, f := range m.Header {
		texts = append(texts, f.Key, f.Value, f.Text())
		if hasControl(f.Value) || hasControl(f.Text()) {
			t.Errorf("header field %q has a control character", f.Key)
		}
	}
	for _, a := range m.Attachments {
		texts = append(texts, a.Filename, a.ContentType, a.ContentID)
		if hasControl(a.Filename) {
			t.Errorf("file name %q has a control character", a.Filename)
		}
		if a.Message != nil {
			checkUTF8(t, a.Message)
		}
	}
	texts = append(texts, m.InReplyTo...)
	texts = append(texts, m.References...)
	for _, s := range texts {
		if !utf8.ValidString(s) {
			t.Errorf("not valid UTF-8: %q", s)
		}
	}
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

func TestParseHeaders(t *testing.T) {
	msg := crlf(`From: "Ann Example" <ann@example.com>
Sender: list@example.org
Reply-To: Ann <reply@example.com>
To: bob@example.net, =?utf-8?q?Zo=C3=AB?= <zoe@example.net>
Cc: Carl <carl@example.net>
Bcc: hidden@example.net
Subject: =?iso-8859-1?q?Gr=FC=DFe?= aus =?utf-8?b?TcO8bmNoZW4=?=
Date: Tue, 3 Jun 2025 10:11:12 +0200
Message-ID: <abc.123@example.com>
In-Reply-To: <parent@example.com>
References: <root@example.com>
 <parent@example.com>
X-Custom: kept

Hello
`)
	m := mustParse(t, msg, Limits{})
	if m.Subject != "Grüße aus München" {
		t.Errorf("Subject = %q, want %q", m.Subject, "Grüße aus München")
	}
	if len(m.From) != 1 || m.From[0].Name != "Ann Example" || m.From[0].Address != "ann@example.com" {
		t.Errorf("From = %v", m.From)
	}
	if len(m.To) != 2 || m.To[1].Name != "Zoë" || m.To[1].Address != "zoe@example.net" {
		t.Errorf("To = %v", m.To)
	}
	if len(m.Cc) != 1 || len(m.Bcc) != 1 || len(m.ReplyTo) != 1 || len(m.Sender) != 1 {
		t.Errorf("Cc/Bcc/Reply-To/Sender = %v %v %v %v", m.Cc, m.Bcc, m.ReplyTo, m.Sender)
	}
	want := time.Date(2025, 6, 3, 8, 11, 12, 0, time.UTC)
	if !m.Date.Equal(want) {
		t.Errorf("Date = %v, want %v", m.Date, want)
	}
	if m.MessageID != "abc.123@example.com" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if strings.Join(m.InReplyTo, ",") != "parent@example.com" || strings.Join(m.References, ",") != "root@example.com,parent@example.com" {
		t.Errorf("InReplyTo = %v, References = %v", m.InReplyTo, m.References)
	}
	if m.Header.Get("x-custom") != "kept" || len(m.Header) != 12 {
		t.Errorf("Header = %v", m.Header)
	}
	if m.Text != "Hello\n" {
		t.Errorf("Text = %q", m.Text)
	}
	if len(m.Warnings) != 0 {
		t.Errorf("Warnings = %v, want none", m.Warnings)
	}
}

// Mailsploit-style headers: encoded words must not change which address
// a mailbox has, nor smuggle control characters into what is shown.
func TestParseMailsploit(t *testing.T) {
	for _, tc := range []struct {
		name, from string
		wantAddr   string // "" means: no trusted address
		notInName  string
	}{
		{"encoded NUL and LF in display name",
			`=?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?==?utf-8?Q?=0A=00?= <attacker@evil.example>`,
			"attacker@evil.example", "\n"},
		{"second address hidden in display name",
			`=?utf-8?q?ceo=40bank=2Eexample=3E=2C_=3Cx?= <attacker@evil.example>`,
			"attacker@evil.example", "\x00"},
		{"encoded words as the local part",
			`=?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?=@evil.example`,
			"=?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?=@evil.example", "potus"},
		{"encoded address without angle brackets",
			`=?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?= =?utf-8?Q?=0A=00?=@evil.example`,
			"", "potus@whitehouse.gov"},
		{"quoted display name with encoded CR LF",
			`"=?utf-8?q?Bank=0D=0ABcc:_x@y?=" <attacker@evil.example>`,
			"attacker@evil.example", "\r"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mustParse(t, crlf("From: "+tc.from+"\nSubject: =?utf-8?q?a=0D=0Ab=00c?=\n\nx"), Limits{})
			if len(m.From) == 0 {
				t.Fatalf("From is empty")
			}
			var addrs []string
			for _, a := range m.From {
				addrs = append(addrs, a.Address)
				if strings.Contains(a.Name, tc.notInName) {
					t.Errorf("Name %q contains %q", a.Name, tc.notInName)
				}
			}
			got := strings.Join(addrs, ",")
			if got != tc.wantAddr {
				t.Errorf("addresses = %q, want %q", got, tc.wantAddr)
			}
			if m.Subject != "a\uFFFD\uFFFDb\uFFFDc" {
				t.Errorf("Subject = %q, want control characters replaced", m.Subject)
			}
		})
	}
}

func TestParseBodies(t *testing.T) {
	for _, tc := range []struct {
		name      string
		msg       string
		text      string
		html      string
		atts      []string // "section filename type inline"
		warnKinds []WarningKind
	}{
		{
			name: "bare LF line endings",
			msg:  "Subject: lf\nContent-Type: text/plain; charset=utf-8\n\nline 1\nline 2\n",
			text: "line 1\nline 2\n",
		},
		{
			name: "alternative keeps both versions",
			msg: crlf(`Content-Type: multipart/alternative; boundary=b

--b
Content-Type: text/plain; charset=us-ascii

plain
--b
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<p>caf=C3=A9</p>
--b--
`),
			text: "plain", html: "<p>café</p>",
		},
		{
			name: "related HTML with a cid image inside alternative",
			msg: crlf(`Content-Type: multipart/alternative; boundary=outer

--outer
Content-Type: text/plain

see image
--outer
Content-Type: multipart/related; boundary=inner

--inner
Content-Type: text/html

<img src="cid:img1@x">
--inner
Content-Type: image/png
Content-ID: <img1@x>
Content-Transfer-Encoding: base64

iVBORw0K
--inner--
--outer--
`),
			text: "see image", html: `<img src="cid:img1@x">`,
			atts: []string{"2.2  image/png true"},
		},
		{
			name: "mixed with RFC 2231 and RFC 2047 file names",
			msg: crlf(`Content-Type: multipart/mixed; boundary="=_x"

--=_x
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Gr=FC=DFe
--=_x
Content-Type: application/pdf
Content-Disposition: attachment; filename*0*=utf-8''%E6%97%A5%E6%9C%AC;
 filename*1=".pdf"
Content-Transfer-Encoding: base64

JVBERi0=
--=_x
Content-Type: application/octet-stream; name="=?koi8-r?b?8NLJ18XU?=.bin"
Content-Transfer-Encoding: base64

AAEC
--=_x--
`),
			text: "Grüße",
			atts: []string{"2 日本.pdf application/pdf false", "3 Привет.bin application/octet-stream false"},
		},
		{
			name: "unknown charset is kept as UTF-8 with a warning",
			msg:  "Content-Type: text/plain; charset=x-martian\n\nhello \xff\n",
			text: "hello \uFFFD\n", warnKinds: []WarningKind{WarnCharset},
		},
		{
			name: "8-bit text without charset reads as windows-1252",
			msg:  "Subject: \xe9t\xe9\n\ncaf\xe9\n",
			text: "café\n", warnKinds: []WarningKind{WarnCharset, WarnCharset},
		},
		{
			name: "broken date is a warning",
			msg:  "Date: the day after tomorrow\n\nx",
			text: "x", warnKinds: []WarningKind{WarnDate},
		},
		{
			name: "truncated base64 and missing close delimiter",
			msg: crlf(`Content-Type: multipart/mixed; boundary=b

--b
Content-Type: text/plain

body
--b
Content-Type: image/gif
Content-Disposition: attachment; filename=a.gif
Content-Transfer-Encoding: base64

R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAO`),
			text: "body", atts: []string{"2 a.gif image/gif false"},
			warnKinds: []WarningKind{WarnStructure, WarnEncoding},
		},
		{
			name: "malformed quoted-printable keeps the text",
			msg:  "Content-Transfer-Encoding: quoted-printable\n\na=ZZb =3D c=\nd\n",
			text: "a=ZZb = cd\n", warnKinds: []WarningKind{WarnEncoding},
		},
		{
			name: "no header at all",
			msg:  "just some text\nand more\n",
			text: "just some text\nand more\n", warnKinds: []WarningKind{WarnHeader},
		},
		{
			name: "mbox From line and junk header line",
			msg:  "From someone@example.com Mon Jan  1 00:00:00 2024\nSubject: s\nnot a header\n\nbody",
			text: "body", warnKinds: []WarningKind{WarnHeader, WarnHeader},
		},
		{
			name: "multipart without boundary is shown as text",
			msg:  "Content-Type: multipart/mixed\n\nraw body",
			text: "raw body", warnKinds: []WarningKind{WarnStructure},
		},
		{
			name: "digest parts default to message/rfc822",
			msg: crlf(`Content-Type: multipart/digest; boundary=d

--d

Subject: inner

inner body
--d--
`),
			atts: []string{"1  message/rfc822 false"},
		},
		{
			name: "text part with filename is an attachment; calendar alternative kept",
			msg: crlf(`Content-Type: multipart/mixed; boundary=m

--m
Content-Type: multipart/alternative; boundary=a

--a
Content-Type: text/plain

invite
--a
Content-Type: text/calendar; method=REQUEST

BEGIN:VCALENDAR
--a--
--m
Content-Type: text/plain; name=notes.txt

notes
--m--
`),
			text: "invite", atts: []string{"1.2  text/calendar false", "2 notes.txt text/plain false"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := mustParse(t, tc.msg, Limits{})
			if m.Text != tc.text {
				t.Errorf("Text = %q, want %q", m.Text, tc.text)
			}
			if m.HTML != tc.html {
				t.Errorf("HTML = %q, want %q", m.HTML, tc.html)
			}
			var atts []string
			for _, a := range m.Attachments {
				atts = append(atts, strings.Join([]string{a.Section, a.Filename, a.ContentType, boolStr(a.Inline)}, " "))
			}
			if strings.Join(atts, "|") != strings.Join(tc.atts, "|") {
				t.Errorf("attachments = %q, want %q", atts, tc.atts)
			}
			var kinds []WarningKind
			for _, w := range m.Warnings {
				kinds = append(kinds, w.Kind)
			}
			if len(kinds) != len(tc.warnKinds) {
				t.Errorf("warnings = %v, want kinds %v", m.Warnings, tc.warnKinds)
			} else {
				for i := range kinds {
					if kinds[i] != tc.warnKinds[i] {
						t.Errorf("warnings = %v, want kinds %v", m.Warnings, tc.warnKinds)
						break
					}
				}
			}
		})
	}
}

func boolStr(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func TestParseAttachmentData(t *testing.T) {
	msg := crlf(`Content-Type: multipart/mixed; boundary=b

--b
Content-Type: application/octet-stream
Content-Disposition: attachment; filename="../../etc/pass` + "\u202e" + `wd"
Content-ID: <part@x>
Content-Transfer-Encoding: base64

AAEC/w==
--b
Content-Type: message/rfc822
Content-Disposition: attachment

Subject: attached
From: a@example.com

inner text
--b--
`)
	m := mustParse(t, msg, Limits{})
	if len(m.Attachments) != 2 {
		t.Fatalf("attachments = %d, want 2", len(m.Attachments))
	}
	a := m.Attachments[0]
	if !bytes.Equal(a.Data, []byte{0, 1, 2, 255}) || a.Size != 4 || a.Truncated {
		t.Errorf("data = %v size %d truncated %v", a.Data, a.Size, a.Truncated)
	}
	if a.Filename != "passwd" {
		t.Errorf("Filename = %q, want the path and bidi override removed", a.Filename)
	}
	if a.ContentID != "part@x" || a.Disposition != "attachment" {
		t.Errorf("ContentID %q, Disposition %q", a.ContentID, a.Disposition)
	}
	r := a.Open()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil || !bytes.Equal(buf.Bytes(), a.Data) {
		t.Errorf("Open read %v, %v", buf.Bytes(), err)
	}
	n := m.Attachments[1]
	if n.Message == nil || n.Message.Subject != "attached" || n.Message.Text != "inner text" {
		t.Fatalf("attached message = %+v", n.Message)
	}
	if n.Section != "2" {
		t.Errorf("Section = %q", n.Section)
	}
}

func TestParseErrors(t *testing.T) {
	if _, err := Parse(strings.NewReader(""), Limits{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty input: err = %v, want ErrEmpty", err)
	}
	boom := errors.New("boom")
	if _, err := Parse(errReader{boom}, Limits{}); !errors.Is(err, ErrRead) || !errors.Is(err, boom) {
		t.Errorf("failing reader: err = %v, want ErrRead wrapping the cause", err)
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// deepMultipart nests n multipart/mixed levels around a text part.
func deepMultipart(n int) string {
	var b strings.Builder
	b.WriteString("Subject: deep\r\n")
	for i := 0; i < n; i++ {
		b.WriteString("Content-Type: multipart/mixed; boundary=\"b" + itoa(i) + "\"\r\n\r\n--b" + itoa(i) + "\r\n")
	}
	b.WriteString("Content-Type: text/plain\r\n\r\nbottom\r\n")
	for i := n - 1; i >= 0; i-- {
		b.WriteString("--b" + itoa(i) + "--\r\n")
	}
	return b.String()
}

// deepMessage nests n message/rfc822 levels.
func deepMessage(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("Subject: level " + itoa(i) + "\r\nContent-Type: message/rfc822\r\n\r\n")
	}
	b.WriteString("Subject: bottom\r\n\r\nbottom\r\n")
	return b.String()
}

// manyParts is one multipart with n small parts.
func manyParts(n int) string {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=p\r\n\r\n")
	for i := 0; i < n; i++ {
		b.WriteString("--p\r\nContent-Type: application/octet-stream\r\n\r\nxx\r\n")
	}
	b.WriteString("--p--\r\n")
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestParseLimits(t *testing.T) {
	t.Run("depth bomb", func(t *testing.T) {
		m := mustParse(t, deepMultipart(5000), Limits{})
		if !m.HasWarning(WarnDepth) || !m.Truncated {
			t.Errorf("want a depth warning, got %v", m.Warnings)
		}
		if m.Text != "" {
			t.Errorf("Text = %q, want nothing below the limit", m.Text)
		}
		m = mustParse(t, deepMultipart(DefaultMaxDepth), Limits{})
		if m.Text != "bottom" || m.HasWarning(WarnDepth) {
			t.Errorf("at the limit: Text = %q, warnings %v", m.Text, m.Warnings)
		}
	})
	t.Run("attached message bomb", func(t *testing.T) {
		m := mustParse(t, deepMessage(3000), Limits{MaxDepth: 10})
		depth := 0
		for cur := m; ; depth++ {
			if len(cur.Attachments) != 1 {
				break
			}
			if cur.Attachments[0].Message == nil {
				if !cur.HasWarning(WarnDepth) {
					t.Errorf("level %d: no depth warning: %v", depth, cur.Warnings)
				}
				break
			}
			cur = cur.Attachments[0].Message
		}
		if depth != 10 {
			t.Errorf("parsed %d levels, want 10", depth)
		}
	})
	t.Run("many parts", func(t *testing.T) {
		m := mustParse(t, manyParts(100000), Limits{})
		if len(m.Attachments) != DefaultMaxParts-1 || !m.HasWarning(WarnParts) || !m.Truncated {
			t.Errorf("attachments = %d, warnings %v", len(m.Attachments), m.Warnings)
		}
	})
	t.Run("body bytes", func(t *testing.T) {
		big := strings.Repeat("A", 1<<20)
		msg := "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n" + big + "\r\n--b\r\nContent-Type: application/octet-stream\r\n\r\n" + big + "\r\n--b--\r\n"
		m := mustParse(t, msg, Limits{MaxBodyBytes: 1<<20 + 10})
		total := 0
		for _, a := range m.Attachments {
			total += len(a.Data)
			if a.Size != 1<<20 {
				t.Errorf("Size = %d, want the full decoded size", a.Size)
			}
		}
		if total != 1<<20+10 || !m.Attachments[1].Truncated || !m.HasWarning(WarnBodySize) {
			t.Errorf("kept %d bytes, want %d; warnings %v", total, 1<<20+10, m.Warnings)
		}
	})
	t.Run("text bytes", func(t *testing.T) {
		m := mustParse(t, "\r\n"+strings.Repeat("é", 100), Limits{MaxTextBytes: 11})
		if m.Text != strings.Repeat("é", 5) || !m.HasWarning(WarnTextSize) {
			t.Errorf("Text = %q, warnings %v", m.Text, m.Warnings)
		}
	})
	t.Run("header bytes", func(t *testing.T) {
		msg := "Subject: s\r\nX-Long: " + strings.Repeat("x", 5000) + "\r\nFrom: late@example.com\r\n\r\nbody"
		m := mustParse(t, msg, Limits{MaxHeaderBytes: 1000})
		if m.Subject != "s" || len(m.From) != 0 || m.Text != "body" || !m.HasWarning(WarnHeaderSize) {
			t.Errorf("Subject %q From %v Text %q warnings %v", m.Subject, m.From, m.Text, m.Warnings)
		}
	})
	t.Run("message bytes", func(t *testing.T) {
		m := mustParse(t, "\r\n"+strings.Repeat("x", 100), Limits{MaxMessageBytes: 52})
		if m.Text != strings.Repeat("x", 50) || !m.HasWarning(WarnMessageSize) || !m.Truncated {
			t.Errorf("Text = %q, warnings %v", m.Text, m.Warnings)
		}
	})
}
