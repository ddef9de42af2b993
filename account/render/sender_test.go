package render

import (
	"strings"
	"testing"

	"wren/transport/rfc822"
)

func parse(t *testing.T, raw string) *rfc822.Message {
	t.Helper()
	m, err := rfc822.Parse(strings.NewReader(strings.ReplaceAll(raw, "\n", "\r\n")), rfc822.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func kinds(ws []SenderWarning) map[SenderWarningKind]string {
	m := map[SenderWarningKind]string{}
	for _, w := range ws {
		m[w.Kind] = w.Detail
	}
	return m
}

func TestCheckSender(t *testing.T) {
	cases := []struct {
		name, header string
		want         []SenderWarningKind
	}{
		{"mailsploit address", "From: =?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?==?utf-8?Q?=00?==?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?=@mailsploit.com",
			[]SenderWarningKind{EncodedAddress, ControlChars}},
		{"mailsploit name", "From: =?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?==?utf-8?Q?=00?= <evil@mailsploit.com>",
			[]SenderWarningKind{ControlChars, NameHasAddress}},
		{"line break in name", "From: =?utf-8?Q?Bank=0A=0DSupport?= <evil@x.example>", []SenderWarningKind{ControlChars}},
		{"address in name", `From: "ceo@bank.com" <evil@x.example>`, []SenderWarningKind{NameHasAddress}},
		{"full-width at", "From: =?utf-8?q?ceo=EF=BC=A0bank.com?= <evil@x.example>", []SenderWarningKind{NameHasAddress}},
		{"bidi override", "From: =?utf-8?q?Bob=E2=80=AEmoc.evil?= <bob@x.example>", []SenderWarningKind{BidiChars}},
		{"two from", "From: a@x.example, b@y.example", []SenderWarningKind{MultipleFrom}},
		{"sender differs", "From: boss@corp.example\nSender: assistant@corp.example", []SenderWarningKind{SenderDiffers}},
		{"reply-to domain", "From: shop@shop.example\nReply-To: refunds@other.example", []SenderWarningKind{ReplyToDomain}},
		{"clean", `From: "Anna (anna@example.com)" <anna@example.com>` + "\nReply-To: anna@example.com", nil},
	}
	for _, c := range cases {
		m := parse(t, c.header+"\nSubject: x\n\nbody\n")
		got := kinds(CheckSender(m))
		for _, k := range c.want {
			if _, ok := got[k]; !ok {
				t.Errorf("%s: missing %v in %v", c.name, k, got)
			}
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
		for _, d := range got {
			if strings.ContainsFunc(d, unsafeRune) {
				t.Errorf("%s: detail %q not safe", c.name, d)
			}
		}
	}
}

func TestSafeText(t *testing.T) {
	cases := map[string]string{
		"plain":                  "plain",
		"a\x00b":                 "a⟨U+0000⟩b",
		"Bob\u202emoc.evil":      "Bob⟨U+202E⟩moc.evil",
		"x\u2066y\u2069\u200f":   "x⟨U+2066⟩y⟨U+2069⟩⟨U+200F⟩",
		"c1\u0085 \u061c":        "c1⟨U+0085⟩ ⟨U+061C⟩",
		"bad\xffutf8":            "bad\uFFFDutf8",
		"שלום עולם":              "שלום עולם",
		"tab\tnl\n":              "tab⟨U+0009⟩nl⟨U+000A⟩",
		"mailsploit\uFFFD@x.com": "mailsploit\uFFFD@x.com",
	}
	for in, want := range cases {
		if got := SafeText(in); got != want {
			t.Errorf("SafeText(%q) = %q, want %q", in, got, want)
		}
	}
	m := parse(t, "From: =?utf-8?b?cG90dXNAd2hpdGVob3VzZS5nb3Y=?==?utf-8?Q?=00?= <evil@mailsploit.com>\n\nx\n")
	if s := SafeText(m.From[0].Name); strings.ContainsRune(s, 0) {
		t.Errorf("NUL shown: %q", s)
	}
	if s := SafeText(decodeAddressWords("=?utf-8?Q?a=00b?=@x.example")); strings.ContainsRune(s, 0) || !strings.Contains(s, "⟨U+0000⟩") {
		t.Errorf("decoded address %q", s)
	}
}
