package imapsync

import (
	"bufio"
	"net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"wren/transport/testcorpus"
)

// stdAddresses is net/mail's reading of an address list, cleaned as
// parseAddresses cleans it.
func stdAddresses(v string) ([]Address, bool) {
	list, err := addressParser.ParseList(v)
	if err != nil {
		return nil, false
	}
	out := make([]Address, 0, len(list))
	for _, a := range list {
		out = append(out, Address{Name: strings.ToValidUTF8(a.Name, "\uFFFD"), Addr: a.Address})
	}
	return out, true
}

// sameAsStdlib fails t when a quick reader accepts v but disagrees with
// net/mail.
func sameAsStdlib(t *testing.T, v string) (quickAddr, quickDated bool) {
	t.Helper()
	if got, ok := quickAddresses(v); ok {
		want, stdOK := stdAddresses(v)
		if !stdOK || !slices.Equal(got, want) {
			t.Errorf("addresses %q: quick %+v, net/mail %+v (ok %v)", v, got, want, stdOK)
		}
		quickAddr = true
	}
	if got, ok := quickDate(v); ok {
		want, err := mail.ParseDate(v)
		if err != nil || !got.Equal(want) {
			t.Errorf("date %q: quick %v, net/mail %v (%v)", v, got, want, err)
		}
		quickDated = true
	}
	return quickAddr, quickDated
}

func TestQuickReadersTakeTheCommonForms(t *testing.T) {
	addresses := []string{
		"anna@example.com",
		"Anna Berg <anna@example.com>",
		"Anna  \tBerg <anna@example.com>",
		`"Berg, Anna" <anna@example.com>`,
		`"" <anna@example.com>`,
		"<anna@example.com>",
		"J. R. Smith <j.r.smith@mail.example.org>, tom@example.org,  \"Priya N\" <priya@example.net>",
		"=?UTF-8?Q?Zo=C3=AB?= =?UTF-8?Q?_M=C3=BCller?= <zoe@example.com>",
		"=?UTF-8?Q?Zo=C3=AB?= Mueller-free <zoe@example.com>",
	}
	dates := []string{
		"Tue, 03 Mar 2026 10:11:12 +0100",
		"3 Mar 2026 10:11:12 -0000",
		"Sun, 29 Feb 2004 23:59 +0530",
		"Mon, 1 Dec 2025 00:00:00 +0000 (UTC)",
	}
	for _, v := range append(addresses, dates...) {
		a, d := sameAsStdlib(t, v)
		if isDate := slices.Contains(dates, v); (isDate && !d) || (!isDate && !a) {
			t.Errorf("%q: the quick reader refused a common form", v)
		}
	}
	// Forms left to net/mail (they still parse there).
	for _, v := range []string{
		"anna@example.com (Anna Berg)", "undisclosed-recipients:;", `"a\"b" <x@y>`, "a@b,", "a@b,,c@d",
		"Anna <anna@[10.0.0.1]>", "Ärger <a@b.example>", "=?x-unknown?Q?a?= <a@b>",
		"Tue, 3 Mar 26 10:11:12 +0100", "Tue, 3 Mar 2026 10:11:12 GMT", "tue, 3 mar 2026 10:11:12 +0100",
		"Tue, 31 Feb 2026 10:11:12 +0100",
	} {
		if a, d := sameAsStdlib(t, v); a || d {
			t.Errorf("%q: taken by the quick reader, expected net/mail", v)
		}
	}
}

// TestQuickReadersMatchStdlibOnCorpus reads every From/To/Cc/Date of the
// shared corpus both ways.
func TestQuickReadersMatchStdlibOnCorpus(t *testing.T) {
	dir := testcorpus.Dir(t)
	var fields, quick int
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".eml") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		hdr, _ := textproto.NewReader(bufio.NewReader(f)).ReadMIMEHeader() // damaged headers still give fields
		for _, k := range []string{"From", "To", "Cc", "Date"} {
			for _, v := range hdr[k] {
				fields++
				if a, dt := sameAsStdlib(t, strings.TrimSpace(v)); a || dt {
					quick++
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fields == 0 {
		t.Fatal("no fields found in the corpus")
	}
	t.Logf("%d of %d fields read by the quick readers", quick, fields)
}

// FuzzQuickFields: whatever the quick readers accept, they read exactly
// as net/mail does.
func FuzzQuickFields(f *testing.F) {
	for _, s := range []string{
		"Anna Berg <anna@example.com>, tom@example.org", `"Berg, Anna" <a@b>`, "=?UTF-8?B?w5Z6?= <a@b.c>",
		"Tue, 03 Mar 2026 10:11:12 +0100", "3 Mar 2026 10:11 -0930 (X)", "a <b@c> <d@e>", "\"a\" b <c@d>",
		"=?UTF-8?B??=<0@0>", "=?UTF-8?B??= Bob <a@b>", "Bob =?UTF-8?B??= =?UTF-8?Q?A?= <a@b>", // empty encoded words
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sameAsStdlib(t, s)
	})
}
