package render

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzHTML feeds arbitrary markup to the converter and the sanitizer.
func FuzzHTML(f *testing.F) {
	for _, s := range []string{
		"",
		"<p>Hello <b>world</b></p>",
		"<table><tr><td>a<td>b<tr><td>c<td>d</table>",
		"<blockquote><ul><li>x<ol start=7><li>y</ol></ul></blockquote><pre>\n a  b</pre>",
		`<a href="https://evil.example">https://paypal.com</a><img src="cid:x"><img src="http://t.example/o.gif" width=1 height=1>`,
		`<div style="display:none">pre</div><style>@import url(//x.example/a.css)</style><script>alert(1)</script>`,
		"<svg><a href=javascript:alert(1)>x</a></svg><form><input></form>&lt;script&gt;",
		"<p>unclosed <i>italic <table><tr><td><div>deep",
		strings.Repeat("<div>", 300) + "x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		d := HTML(src, Options{MaxBlocks: 2000})
		text := d.PlainText()
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 in %q", text)
		}
		// Markup is never shown as text; only an escaped "&lt;script" may
		// legitimately read "<script".
		if !strings.Contains(src, "&") && strings.Contains(strings.ToLower(text), "<script") {
			t.Fatalf("<script in text %q", text)
		}
		if len(text) > 70*len(src)+1024 {
			t.Fatalf("output %d bytes for %d input bytes", len(text), len(src))
		}
		if len(d.Blocks) > 2000 || len(d.Links) > 2000 {
			t.Fatalf("%d blocks, %d links", len(d.Blocks), len(d.Links))
		}
		for _, b := range d.Blocks {
			if b.Src != "" {
				t.Fatalf("remote image without AllowRemote: %q", b.Src)
			}
		}
		for _, l := range d.Links {
			low := strings.ToLower(l.Href)
			if l.Allowed && !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") && !strings.HasPrefix(low, "mailto:") {
				t.Fatalf("link %q allowed", l.Href)
			}
		}
		out := strings.ToLower(string(SanitizedHTML(src)))
		if !utf8.ValidString(out) || strings.Contains(out, "<script") || strings.Contains(out, "<iframe") || strings.Contains(out, "<base") {
			t.Fatalf("sanitized output unsafe: %q", out)
		}
	})
}
