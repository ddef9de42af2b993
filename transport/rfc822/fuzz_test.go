package rfc822

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse: no input panics, the output stays within the limits and all
// text is valid UTF-8.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"From: a@example.com\r\nSubject: =?utf-8?q?h=C3=A9?=\r\n\r\nbody\r\n",
		"Content-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\nx\n--b\nContent-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n<p>=E9</p>\n--b--\n",
		"Content-Type: multipart/mixed; boundary=a\r\n\r\n--a\r\nContent-Type: multipart/related; boundary=aa\r\n\r\n--aa\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: inline; filename*=utf-8''%E2%9C%93.png\r\n\r\niVBO\r\n--a\r\n",
		"Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\nSubject: deep\r\n\r\nx",
		"From x Mon\nTo: \"=?utf-8?b?QEA=?=\" <b@c>, bad<<\nDate: 99 Foo 2025\nContent-Type: text/plain; charset=x-unknown\n\n\xff\xfe",
		"Content-Type: multipart/digest; boundary=\"\"\r\n\r\n--\r\n",
		"Content-Type: text/plain; name*0*=koi8-r''%F0; name*2=x\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 a\r\n",
	} {
		f.Add([]byte(s))
	}
	lim := Limits{MaxDepth: 6, MaxParts: 40, MaxHeaderBytes: 4096, MaxBodyBytes: 1 << 16, MaxTextBytes: 1 << 14, MaxMessageBytes: 1 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(bytes.NewReader(data), lim)
		if len(data) == 0 {
			if !errors.Is(err, ErrEmpty) {
				t.Fatalf("empty input: err = %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Parse: %v", err)
		}
		checkUTF8(t, m)
		b, parts := kept(m)
		if b > lim.MaxBodyBytes || parts > lim.MaxParts || depthOf(m) > lim.MaxDepth {
			t.Fatalf("kept %d bytes in %d parts, %d deep: over the limits", b, parts, depthOf(m))
		}
		if len(m.Text) > lim.MaxTextBytes || len(m.HTML) > lim.MaxTextBytes {
			t.Fatalf("text %d, html %d bytes: over MaxTextBytes", len(m.Text), len(m.HTML))
		}
		if len(m.Warnings) > maxWarnings+1 {
			t.Fatalf("%d warnings", len(m.Warnings))
		}
	})
}
