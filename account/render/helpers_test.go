package render

import (
	"strings"
	"testing"
)

// everything returns every string a Document holds, so a test can assert
// that something appears nowhere in it.
func everything(d *Document) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.CID + "\x00" + bl.Src + "\x00" + bl.Alt + "\x00")
		for _, in := range bl.Inlines {
			b.WriteString(in.Text + "\x00")
		}
	}
	for _, l := range d.Links {
		b.WriteString(l.Href + "\x00" + l.Text + "\x00" + l.Host + "\x00" + l.HostUnicode + "\x00")
	}
	return b.String()
}

func mustContain(t *testing.T, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("missing %q in:\n%s", want, got)
	}
}

func mustNotContain(t *testing.T, got, bad string) {
	t.Helper()
	if strings.Contains(got, bad) {
		t.Errorf("unexpected %q in:\n%s", bad, got)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
