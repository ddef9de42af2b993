package transport

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

func TestCatalogComplete(t *testing.T) {
	seen := map[Code]bool{}
	// errors.md §3.7's SEND-01…20, and Wren's own refusals before sending:
	// SEND-21 (a recipient that is no address), SEND-22 (a From that is no
	// identity of the account); IMAP-28 (a refused OAuth token) and the
	// OAUTH family of browser sign-in.
	want := map[string]int{"NET": 12, "TLS": 12, "SMTP": 16, "SEND": 22, "IMAP": 28, "POP": 10, "OAUTH": 4}
	got := map[string]int{}
	form := regexp.MustCompile(`^(NET|TLS|SMTP|SEND|IMAP|POP|OAUTH)-\d\d$`)
	for _, c := range Catalog() {
		if !form.MatchString(string(c.Code)) {
			t.Errorf("code %q does not have the catalog form", c.Code)
		}
		if seen[c.Code] {
			t.Errorf("code %s listed twice", c.Code)
		}
		seen[c.Code] = true
		if c.Summary == "" {
			t.Errorf("code %s has no summary", c.Code)
		}
		got[strings.Split(string(c.Code), "-")[0]]++
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s codes: %d, want %d (errors.md §3.7)", k, got[k], n)
		}
	}
}

// The README documents every code; users quote them to support.
func TestREADMEListsEveryCode(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, c := range Catalog() {
		row := "| " + string(c.Code) + " | " + c.Summary + " |"
		if !strings.Contains(readme, row) {
			t.Errorf("README lacks the row %q", row)
		}
	}
}
