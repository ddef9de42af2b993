package rfc822

import (
	"strings"
	"testing"
	"time"
)

func TestDecodeBase64(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		clean    bool
	}{
		{"aGVsbG8=", "hello", true},
		{"aGVs\r\nbG8=\r\n", "hello", true},
		{"aGV sbG8", "hello", true},              // space inside, no padding
		{"aGVsbG8=d29ybGQ=", "helloworld", true}, // data after padding
		{"aGVs!bG8=", "hello", false},            // stray character
		{"aGVsbG8gd", "hello ", false},           // truncated mid-byte (one sextet left)
		{"", "", true},
	} {
		s := newSink(100, 0)
		clean := decodeBase64(s, []byte(tc.in))
		if string(s.out) != tc.want || clean != tc.clean || s.total != int64(len(tc.want)) {
			t.Errorf("%q: got %q clean=%v total=%d, want %q clean=%v", tc.in, s.out, clean, s.total, tc.want, tc.clean)
		}
	}
	s := newSink(3, 0)
	decodeBase64(s, []byte("aGVsbG8="))
	if string(s.out) != "hel" || s.total != 5 {
		t.Errorf("limited: %q total %d, want \"hel\" total 5", s.out, s.total)
	}
}

func TestDecodeQP(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		clean    bool
	}{
		{"caf=C3=A9", "café", true},
		{"caf=c3=a9", "café", true},
		{"soft=\r\nbreak\r\n", "softbreak\r\n", true},
		{"trailing   \nx", "trailing\r\nx", true},
		{"a=\n", "a", true},
		{"bad=ZZ=", "bad=ZZ", false},
		{"=", "", true},
	} {
		s := newSink(100, 0)
		clean := decodeQP(s, []byte(tc.in))
		if string(s.out) != tc.want || clean != tc.clean {
			t.Errorf("%q: got %q clean=%v, want %q clean=%v", tc.in, s.out, clean, tc.want, tc.clean)
		}
	}
}

func TestParseMediaType(t *testing.T) {
	for _, tc := range []struct {
		in       string
		typ      string
		params   map[string]string
		problems int
	}{
		{`Text/HTML; Charset="UTF-8"`, "text/html", map[string]string{"charset": "UTF-8"}, 0},
		{`attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt`, "attachment", map[string]string{"filename": "Grüße.txt"}, 0},
		{`attachment; filename*0*=koi8-r''%F0%D2; filename*1*=%C9%D7%C5%D4; filename*2=".txt"`, "attachment", map[string]string{"filename": "Привет.txt"}, 0},
		{`attachment; filename="plain.txt"; filename*=utf-8''%E2%9C%93.txt`, "attachment", map[string]string{"filename": "✓.txt"}, 0},
		{`application/pdf; name=a(1).pdf`, "application/pdf", map[string]string{"name": "a(1).pdf"}, 0},
		{`text/plain; charset=a; charset=b`, "text/plain", map[string]string{"charset": "a"}, 1},
		{`text/plain; iso-8859-1; format=flowed`, "text/plain", map[string]string{"format": "flowed"}, 1},
		{`text/plain; name="unterminated`, "text/plain", map[string]string{"name": "unterminated"}, 1},
		{`x/y; a*0=one; a*2=three`, "x/y", map[string]string{"a": "one"}, 1},
		{`x/y; q="a\"b"`, "x/y", map[string]string{"q": `a"b`}, 0},
	} {
		typ, params, problems := parseMediaType(tc.in)
		if typ != tc.typ || len(problems) != tc.problems || len(params) != len(tc.params) {
			t.Errorf("%s: got %q %v %v", tc.in, typ, params, problems)
			continue
		}
		for k, v := range tc.params {
			if params[k] != v {
				t.Errorf("%s: %s = %q, want %q", tc.in, k, params[k], v)
			}
		}
	}
}

func TestSplitMultipart(t *testing.T) {
	body := "preamble\r\n--b\r\n\r\none\r\n--bb\r\n--b  \r\nH: v\r\n\r\ntwo\n--b--\r\nepilogue\r\n--b\r\n"
	sp := splitMultipart([]byte(body), "b", 10)
	if !sp.found || !sp.closed || len(sp.parts) != 2 {
		t.Fatalf("found %v closed %v parts %q", sp.found, sp.closed, sp.parts)
	}
	if string(sp.parts[0]) != "\r\none\r\n--bb" || string(sp.parts[1]) != "H: v\r\n\r\ntwo" {
		t.Errorf("parts = %q", sp.parts)
	}
	sp = splitMultipart([]byte("--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3"), "b", 2)
	if !sp.cut || len(sp.parts) != 2 || sp.closed {
		t.Errorf("limited: cut %v parts %q", sp.cut, sp.parts)
	}
	sp = splitMultipart([]byte("no delimiter here"), "b", 10)
	if sp.found || len(sp.parts) != 0 {
		t.Errorf("no delimiter: %+v", sp)
	}
}

func TestSplitHeader(t *testing.T) {
	hb := splitHeader([]byte("Subject: a\r\n b\r\nX: 1\n\nbody"), 1000)
	if len(hb.fields) != 2 || string(hb.fields[0].value) != " a b" || string(hb.body) != "body" || len(hb.problems) != 0 {
		t.Errorf("fields %q body %q problems %v", hb.fields, hb.body, hb.problems)
	}
	hb = splitHeader([]byte("Subject: only a header"), 1000)
	if len(hb.fields) != 1 || hb.body != nil {
		t.Errorf("header only: %q %q", hb.fields, hb.body)
	}
	hb = splitHeader([]byte("A: 1\r\nB: "+strings.Repeat("x", 100)+"\r\nC: 3\r\n\r\nbody"), 50)
	if !hb.cut || len(hb.fields) != 1 || string(hb.body) != "body" {
		t.Errorf("cut: %v %q %q", hb.cut, hb.fields, hb.body)
	}
}

func TestParseDateFallbacks(t *testing.T) {
	want := time.Date(1997, 11, 21, 15, 55, 6, 0, time.UTC)
	for _, s := range []string{
		"Fri, 21 Nov 1997 09:55:06 -0600",
		"Fri, 21 Nov 1997 09(comment):   55  :  06 -0600",
		"Fri, 21 Nov 1997 09:55:06 -0600 (CST)",
		"Fri, 21 Nov 97 09:55:06 -0600",
		"21 Nov 1997 09:55:06 -0600",
		"Fri, 21 Nov 1997 09:55:06 -0600.",
	} {
		got, ok := parseDate(s)
		if !ok || !got.Equal(want) {
			t.Errorf("%q: got %v %v", s, got, ok)
		}
	}
	if _, ok := parseDate("Pn, 29 paX 2007 21:13:00 +0100"); ok {
		t.Errorf("garbage date parsed")
	}
}
