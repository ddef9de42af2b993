package render

import (
	"wren/transport/testcorpus"

	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"wren/transport/rfc822"
)

// corpusMessages parses every .eml file under the given corpus folders.
// Empty files are the only ones allowed not to parse.
func corpusMessages(t testing.TB, folders ...string) map[string]*rfc822.Message {
	t.Helper()
	root := testcorpus.Dir(t)
	out := map[string]*rfc822.Message{}
	for _, f := range folders {
		err := filepath.WalkDir(filepath.Join(root, f), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".eml") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			m, err := rfc822.Parse(bytes.NewReader(b), rfc822.Limits{})
			if err != nil {
				if !errors.Is(err, rfc822.ErrEmpty) {
					t.Errorf("%s: %v", rel, err)
				}
				return nil
			}
			out[filepath.ToSlash(rel)] = m
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d corpus messages in %v under %s", len(out), folders, root)
	}
	return out
}

// cssLeak matches style sheet text shown as body text.
var cssLeak = regexp.MustCompile(`\{[^}]{0,200}font-|font-family\s*:|@media|mso-`)

func TestCorpusRender(t *testing.T) {
	msgs := corpusMessages(t, "mime", "malformed", "html", "i18n", "remote-content")
	htmlSeen := 0
	for name, m := range msgs {
		d := FromMessage(m, Options{})
		text := d.PlainText()
		if !utf8.ValidString(text) {
			t.Errorf("%s: PlainText is not valid UTF-8", name)
		}
		if again := FromMessage(m, Options{}).PlainText(); again != text {
			t.Errorf("%s: PlainText differs between two renders", name)
		}
		if strings.Contains(strings.ToLower(text), "<script") {
			t.Errorf("%s: <script in text", name)
		}
		for _, b := range d.Blocks {
			if b.Src != "" || strings.Contains(b.CID, "127.0.0.1:18080") {
				t.Errorf("%s: image source kept: %+v", name, b)
			}
		}
		if m.HTML != "" {
			checkSanitized(t, name, SanitizedHTML(m.HTML))
		}
		if !strings.HasPrefix(name, "html/") {
			continue
		}
		htmlSeen++
		if loc := cssLeak.FindStringIndex(text); loc != nil {
			t.Errorf("%s: style sheet text leaked: %q", name, text[max(loc[0]-40, 0):min(loc[1]+40, len(text))])
		}
		// Readable: most of the text a browser would show is there, and
		// more than a few words whenever the source has them.
		got, ref := letters(text), referenceLetters(t, m.HTML)
		if (ref > 20 && got <= 20) || got < ref/2 {
			t.Errorf("%s: %d letters of text, a full HTML parse finds %d: %q", name, got, ref, text[:min(len(text), 300)])
		}
	}
	if htmlSeen < 20 {
		t.Errorf("only %d html/ messages", htmlSeen)
	}
}

// checkSanitized asserts that a SanitizedHTML document has its CSP first,
// no script and no attribute that loads anything: the only URLs left are
// link targets and data: images.
func checkSanitized(t *testing.T, name string, out []byte) {
	t.Helper()
	s := string(out)
	if !utf8.ValidString(s) {
		t.Errorf("%s: sanitized HTML is not valid UTF-8", name)
	}
	if !strings.HasPrefix(s, `<!DOCTYPE html>`+"\n"+`<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';`) {
		t.Errorf("%s: no CSP at the top", name)
	}
	low := strings.ToLower(s)
	for _, bad := range []string{"<script", "<iframe", "<form", "<base", "<link", "<style", "<meta http-equiv=\"refresh"} {
		if strings.Contains(low, bad) {
			t.Errorf("%s: sanitized HTML contains %q", name, bad)
		}
	}
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			switch {
			case strings.HasPrefix(a.Key, "on"):
				t.Errorf("%s: event handler %s kept", name, a.Key)
			case n.Data == "a" && a.Key == "href":
				l := Link{Href: a.Val}
				checkLink(&l)
				if !l.Allowed {
					t.Errorf("%s: link %q kept", name, a.Val)
				}
			case n.Data == "img" && a.Key == "src":
				if !strings.HasPrefix(a.Val, "data:image/") {
					t.Errorf("%s: image %q kept", name, a.Val)
				}
			case n.Data == "meta":
			case strings.Contains(a.Val, "//") || strings.Contains(strings.ToLower(a.Val), "url("):
				t.Errorf("%s: <%s %s=%q> kept", name, n.Data, a.Key, a.Val)
			}
		}
	}
}

func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// referenceLetters counts the letters of the text x/net/html's full parser
// finds outside head, script, style and display:none elements.
func referenceLetters(t *testing.T, src string) int {
	t.Helper()
	if src == "" {
		return 0
	}
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for node := range doc.Descendants() {
		if node.Type != html.TextNode {
			continue
		}
		visible := true
		for p := node.Parent; p != nil; p = p.Parent {
			switch p.Data {
			case "head", "script", "style", "title", "noscript", "template", "textarea", "select", "button":
				visible = false
			}
			if isHidden(p.Attr) {
				visible = false
			}
		}
		if visible {
			n += letters(node.Data)
		}
	}
	return n
}
