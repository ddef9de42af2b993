package rfc822

import (
	"wren/transport/testcorpus"

	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// corpusFiles returns every file under the corpus (not SOURCES.md).
func corpusFiles(t *testing.T) map[string][]byte {
	t.Helper()
	root := testcorpus.Dir(t)
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == filepath.Join(root, "SOURCES.md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 200 {
		t.Fatalf("only %d corpus files found in %s", len(files), root)
	}
	return files
}

// kept is the decoded data a message holds on to, nested messages
// included.
func kept(m *Message) (bytes int64, parts int) {
	bytes = int64(len(m.Text) + len(m.HTML))
	for _, a := range m.Attachments {
		bytes += int64(len(a.Data))
		parts++
		if a.Message != nil {
			b, p := kept(a.Message)
			bytes += b
			parts += p
		}
	}
	return bytes, parts
}

func depthOf(m *Message) int {
	d := 0
	for _, a := range m.Attachments {
		if a.Message != nil {
			d = max(d, 1+depthOf(a.Message))
		}
	}
	return d
}

// Every corpus file parses without panicking into valid UTF-8, within the
// default limits and within tight ones.
func TestCorpusAll(t *testing.T) {
	tight := Limits{MaxDepth: 4, MaxParts: 12, MaxHeaderBytes: 2048, MaxBodyBytes: 16 << 10, MaxTextBytes: 4 << 10, MaxMessageBytes: 256 << 10}
	for name, data := range corpusFiles(t) {
		t.Run(name, func(t *testing.T) {
			for _, lim := range []Limits{{}, tight} {
				m, err := Parse(strings.NewReader(string(data)), lim)
				if len(data) == 0 {
					if !errors.Is(err, ErrEmpty) {
						t.Fatalf("empty file: err = %v, want ErrEmpty", err)
					}
					return
				}
				if err != nil {
					t.Fatalf("Parse: %v", err)
				}
				checkUTF8(t, m)
				l := lim.withDefaults()
				b, parts := kept(m)
				if b > l.MaxBodyBytes {
					t.Errorf("kept %d decoded bytes, limit %d", b, l.MaxBodyBytes)
				}
				if parts > l.MaxParts {
					t.Errorf("%d parts, limit %d", parts, l.MaxParts)
				}
				if len(m.Text) > l.MaxTextBytes || len(m.HTML) > l.MaxTextBytes {
					t.Errorf("text %d / html %d bytes, limit %d", len(m.Text), len(m.HTML), l.MaxTextBytes)
				}
				if d := depthOf(m); d > l.MaxDepth {
					t.Errorf("attached messages %d deep, limit %d", d, l.MaxDepth)
				}
				if len(m.Warnings) > maxWarnings+1 {
					t.Errorf("%d warnings", len(m.Warnings))
				}
			}
		})
	}
}

// mime/ holds well-formed structures: each shows something and none hits
// a limit.
func TestCorpusMIME(t *testing.T) {
	files := corpusFiles(t)
	n := 0
	for name, data := range files {
		if !strings.HasPrefix(name, "mime/") {
			continue
		}
		n++
		m := mustParse(t, string(data), Limits{})
		if m.Truncated || m.HasWarning(WarnDepth) || m.HasWarning(WarnParts) {
			t.Errorf("%s: cut by a limit: %v", name, m.Warnings)
		}
		if name != "mime/enmime-mail-header-only.eml" && m.Text == "" && m.HTML == "" && len(m.Attachments) == 0 {
			t.Errorf("%s: nothing to show", name)
		}
	}
	if n < 50 {
		t.Errorf("only %d mime/ files", n)
	}

	get := func(name string) *Message { return mustParse(t, string(files[name]), Limits{}) }
	names := func(m *Message) []string {
		var l []string
		for _, a := range m.Attachments {
			l = append(l, a.Filename)
		}
		return l
	}
	if got := names(get("mime/self-rfc2231-continuations.eml")); len(got) != 1 || got[0] != "日本語の長いファイル名を含む報告書_2025年第2四半期_final.pdf" {
		t.Errorf("RFC 2231 continuations: %q", got)
	}
	got := strings.Join(names(get("mime/self-rfc2231-charsets-languages.eml")), "|")
	for _, w := range []string{"Grüße aus München.txt", "Отчёт за май.txt", "📷 photo – café.png"} {
		if !strings.Contains(got, w) {
			t.Errorf("RFC 2231 charsets: %q lacks %q", got, w)
		}
	}
	got = strings.Join(names(get("mime/self-rfc2047-filenames.eml")), "|")
	for _, w := range []string{"Übersicht Q2 – Präsentation.pptx", "Счёт-фактура №17.xlsx", "报价单（最终版）.docx", "preferred-✓.txt"} {
		if !strings.Contains(got, w) {
			t.Errorf("RFC 2047 file names: %q lacks %q", got, w)
		}
	}
	m := get("mime/self-inline-cid-images.eml")
	if !strings.Contains(m.HTML, "cid:") {
		t.Errorf("inline cid images: HTML %q", m.HTML)
	}
	cids := 0
	for _, a := range m.Attachments {
		if a.Inline && a.ContentID != "" && a.Size > 0 {
			cids++
		}
	}
	if cids < 3 {
		t.Errorf("inline cid images: %d inline parts with a Content-ID", cids)
	}
	m = get("mime/self-nested-forwards.eml")
	if depthOf(m) != 3 {
		t.Errorf("nested forwards: %d levels, want 3", depthOf(m))
	}
}

// malformed/ must degrade gracefully; the bombs are cut at the limits.
func TestCorpusMalformed(t *testing.T) {
	files := corpusFiles(t)
	for _, name := range []string{"malformed/self-deep-multipart-200.eml", "malformed/self-unclosed-prefix-boundaries.eml"} {
		m := mustParse(t, string(files[name]), Limits{})
		if !m.HasWarning(WarnDepth) || !m.Truncated {
			t.Errorf("%s: no depth warning: %v", name, m.Warnings)
		}
	}
	m := mustParse(t, string(files["malformed/self-deep-rfc822-100.eml"]), Limits{})
	if d := depthOf(m); d != DefaultMaxDepth {
		t.Errorf("deep rfc822: %d levels parsed, want %d", d, DefaultMaxDepth)
	}
	m = mustParse(t, string(files["malformed/self-bad-base64-variants.eml"]), Limits{})
	if !m.HasWarning(WarnEncoding) || !strings.Contains(m.Text, "Truncated base64 without padding") {
		t.Errorf("bad base64: text %q warnings %v", m.Text, m.Warnings)
	}
	m = mustParse(t, string(files["malformed/letters-english_plaintext_unknown_charset.eml"]), Limits{})
	if !m.HasWarning(WarnCharset) || m.Text == "" {
		t.Errorf("unknown charset: text %q warnings %v", m.Text, m.Warnings)
	}
}

// i18n/ letters decode to the expected script.
func TestCorpusI18n(t *testing.T) {
	files := corpusFiles(t)
	for _, tc := range []struct {
		prefix, subject, text string
	}{
		{"i18n/letters-chinese_", "施氏食狮史", "石室诗士施氏"},
		{"i18n/letters-japanese_", "いろは歌", "色は匂えど"},
		{"i18n/letters-korean_", "한국어 팬그램", "키스의 고유조건은"},
		{"i18n/letters-thai_", "แพนแกรมภาษาไทย", "เป็นมนุษย์สุดประเสริฐ"},
		{"i18n/letters-polish_", "Polskie pangramy", "Jeżu klątw, spłódź Finom"},
		{"i18n/letters-finnish_", "Suomenkieliset", "töräytti"},
		{"i18n/letters-icelandic_", "Íslenskt", "Kæmi ný öxi"},
		{"i18n/self-cyrillic-koi8r", "Отчёт за второй квартал", "Добрый день"},
		{"i18n/self-rtl-hebrew-windows1255-qp", "סיכום פגישה", "פגישה"},
		{"i18n/self-rtl-arabic-windows1256-base64", "تم شحن طلبك", "نشكركم على طلبكم"},
		{"i18n/mimekit-japanese", "日本語メールテスト", "日本語が"},
		{"i18n/rubymail-multi-charset-japanese_shift_jis", "test", "あいうえお"},
		{"i18n/rubymail-multi-charset-japanese_iso_2022", "まみむめも", "すみません"},
		{"i18n/rubymail-plain-raw_email.eml", "한국말로", "하나님을"},
	} {
		n := 0
		for name, data := range files {
			if !strings.HasPrefix(name, tc.prefix) {
				continue
			}
			n++
			m := mustParse(t, string(data), Limits{})
			if !strings.Contains(m.Subject, tc.subject) {
				t.Errorf("%s: Subject = %q, want %q in it", name, m.Subject, tc.subject)
			}
			if !strings.Contains(m.Text+m.HTML, tc.text) || strings.ContainsRune(m.Text, '\uFFFD') {
				t.Errorf("%s: text %.80q lacks %q or has U+FFFD", name, m.Text, tc.text)
			}
		}
		if n == 0 {
			t.Errorf("no corpus file starts with %s", tc.prefix)
		}
	}
	m := mustParse(t, string(files["i18n/self-rtl-arabic-windows1256-base64.eml"]), Limits{})
	if len(m.From) != 1 || m.From[0].Name != "متجر المثال" {
		t.Errorf("Arabic From = %v", m.From)
	}
	m = mustParse(t, string(files["i18n/self-rtl-bidi-controls.eml"]), Limits{})
	for _, a := range m.Attachments {
		if strings.ContainsAny(a.Filename, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") {
			t.Errorf("file name %q keeps a bidi control", a.Filename)
		}
	}
}

// html/ and remote-content/ are for the renderer: each has an HTML (or,
// for the plain-text probe, a text) body to hand it.
func TestCorpusHTML(t *testing.T) {
	for name, data := range corpusFiles(t) {
		switch {
		case strings.HasPrefix(name, "html/wrap-"), strings.HasPrefix(name, "remote-content/") && name != "remote-content/rc05-plaintext-markdown.eml":
			m := mustParse(t, string(data), Limits{})
			if !strings.Contains(strings.ToLower(m.HTML), "<") {
				t.Errorf("%s: no HTML body", name)
			}
			all := m.HTML + m.Text
			for _, f := range m.Header {
				all += f.Value
			}
			if strings.HasPrefix(name, "remote-content/") && !strings.Contains(all, "127.0.0.1:18080") {
				t.Errorf("%s: the probe URLs are missing from the decoded body", name)
			}
		case name == "remote-content/rc05-plaintext-markdown.eml":
			m := mustParse(t, string(data), Limits{})
			if m.HTML != "" || !strings.Contains(m.Text, "127.0.0.1:18080") {
				t.Errorf("%s: Text %.60q HTML %.60q", name, m.Text, m.HTML)
			}
		}
	}
}

// Parsing a bomb allocates a bounded amount whatever its nesting.
func TestBombMemory(t *testing.T) {
	for name, msg := range map[string]string{
		"multipart depth": deepMultipart(20000),
		"message depth":   deepMessage(20000),
		"parts":           manyParts(200000),
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		m, err := Parse(strings.NewReader(msg), Limits{})
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !m.Truncated && depthOf(m) != DefaultMaxDepth {
			t.Errorf("%s: not cut at a limit", name)
		}
		alloc := after.TotalAlloc - before.TotalAlloc
		if limit := uint64(len(msg))*8 + 64<<20; alloc > limit {
			t.Errorf("%s: %d bytes allocated for a %d byte message", name, alloc, len(msg))
		}
	}
}
