package attach

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeName(t *testing.T) {
	for _, c := range []struct{ in, ctype, want string }{
		{"report.pdf", "application/pdf", "report.pdf"},
		{"../../x", "", "x"},
		{"../../../.ssh/authorized_keys", "", "authorized_keys"},
		{`C:\x`, "", "x"},
		{`C:\Windows\System32\evil.dll`, "", "evil.dll"},
		{"/etc/passwd", "", "passwd"},
		{"CON", "", "_CON"},
		{"con.txt", "", "_con.txt"},
		{"COM1", "", "_COM1"},
		{"lpt9.log", "", "_lpt9.log"},
		{"COM¹.txt", "", "_COM¹.txt"},
		{"NUL .txt", "", "_NUL .txt"},
		{"CONTRACT.pdf", "", "CONTRACT.pdf"},
		{"invoice\u202Efdp.exe", "", "invoicefdp.exe"},
		{"a\u2066b\u2069c.txt", "", "abc.txt"},
		{"zero\u200Bwidth.txt", "", "zerowidth.txt"},
		{"tab\there.txt", "", "tab_here.txt"},
		{"nul\x00byte.txt", "", "nul_byte.txt"},
		{`what?<is>"this"|*.txt`, "", "what__is__this___.txt"},
		{".bashrc", "", "bashrc"},
		{"...", "text/plain", "attachment.txt"},
		{"", "message/rfc822", "attachment.eml"},
		{"trailing. . ", "", "trailing"},
		{"Résumé 履歴書.docx", "", "Résumé 履歴書.docx"},
		{"bad\xffutf8.txt", "", "badutf8.txt"},
	} {
		got := SafeName(c.in, c.ctype)
		if got != c.want {
			t.Errorf("SafeName(%q) = %q, want %q", c.in, got, c.want)
		}
		if !filepath.IsLocal(got) || filepath.Base(got) != got {
			t.Errorf("SafeName(%q) = %q is not a plain local name", c.in, got)
		}
	}
}

func TestSafeNameLong(t *testing.T) {
	in := strings.Repeat("ü", 300) + ".pdf"
	got := SafeName(in, "")
	if len(got) > maxNameBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, ".pdf") {
		t.Fatalf("long name: %d bytes, valid %v, %q…", len(got), utf8.ValidString(got), got[len(got)-8:])
	}
}

func TestAssess(t *testing.T) {
	for _, c := range []struct {
		name, ctype string
		head        string
		want        Risk
	}{
		{"photo.jpg", "image/jpeg", "\xff\xd8\xff", Safe},
		{"report.pdf", "application/pdf", "%PDF-1.7", Safe},
		{"setup.EXE", "application/octet-stream", "", Program},
		{"invoice.pdf.exe", "application/pdf", "", Program},
		{"notes.txt", "application/x-msdownload", "", Program},
		{"notes.txt", "text/plain", "MZ\x90\x00", Program},
		{"notes.txt", "text/plain", "#!/bin/sh\nrm -rf ~", Program},
		{"tool", "application/octet-stream", "\x7fELF\x02", Program},
		{"budget.xlsm", "application/vnd.ms-excel", "", Program},
		{"start.desktop", "text/plain", "[Desktop Entry]", Program},
		{"run.sh", "text/plain", "echo", Program},
	} {
		if got := Assess(c.name, c.ctype, []byte(c.head)); got != c.want {
			t.Errorf("Assess(%q, %q) = %v, want %v", c.name, c.ctype, got, c.want)
		}
	}
}
