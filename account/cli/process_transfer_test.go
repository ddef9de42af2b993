package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"wren/account/internal/wrenbin"
	"wren/account/mailfile"
	"wren/account/transfer"
	"wren/transport/imap"
	"wren/transport/testcorpus"
	"wren/transport/testserver"
)

// withAccount is a new profile with u's account on incoming (and the
// harness's submission), and a runner of the real program over it.
func withAccount(t *testing.T, srv *testserver.Servers, u testserver.User, incoming string) (context.Context, func(ctx context.Context, stdin string, args ...string) *exec.Cmd) {
	t.Helper()
	requireRealKeyring(t)
	wren := wrenRunner(wrenbin.Build(t), srv.CAFile, "--profile", t.TempDir())
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	if out, err := wren(ctx, u.Password+"\n", "account", "add", u.Address, "--password-stdin", "--name", "Own",
		"--incoming", incoming, "--outgoing", "smtps://"+srv.SubmitTLS.Address()).CombinedOutput(); err != nil {
		t.Fatalf("account add: %v\n%s", err, out)
	}
	return ctx, wren
}

// importOut is what `wren import|export --json` prints.
type importOut struct {
	OK         bool
	Read       int
	Imported   int
	Duplicates int
	Damage     []struct {
		Line     int
		Offset   int64
		ReadPast bool `json:"read_past"`
	}
	Errors []struct{ Code string }
}

// corpusMessages are the shared corpus's messages, each ending in a
// newline (what an mbox keeps: account/mailfile).
func corpusMessages(t *testing.T, sub string) [][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(testcorpus.Dir(t), sub, "*.eml"))
	var out [][]byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 0 && b[len(b)-1] != '\n' {
			b = append(b, '\n')
		}
		out = append(out, b)
	}
	if len(out) < 20 {
		t.Fatalf("only %d messages in the corpus's %s", len(out), sub)
	}
	return out
}

func mboxOf(t *testing.T, f mailfile.Format, msgs [][]byte) string {
	t.Helper()
	var buf bytes.Buffer
	w := mailfile.NewMboxWriter(&buf, f)
	for _, m := range msgs {
		if err := w.Write(mailfile.Message{Raw: m}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mail.mbox")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// firstOfEach keeps the first message of each Message-ID (those without
// one all count).
func firstOfEach(msgs [][]byte) [][]byte {
	seen := map[string]bool{}
	var out [][]byte
	for _, m := range msgs {
		if id := transfer.MessageID(m); id != "" {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		out = append(out, m)
	}
	return out
}

func readMbox(t *testing.T, path string) [][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := mailfile.NewMboxReader(f, mailfile.MboxRD, path)
	var out [][]byte
	for {
		m, err := r.Next()
		if err != nil {
			return out
		}
		out = append(out, m.Raw)
	}
}

func runJSON(t *testing.T, cmd *exec.Cmd) (importOut, int) {
	t.Helper()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Logf("%s: %v\n%s%s", cmd.Args[3:], err, out, stderr.Bytes())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var r importOut
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return r, code
}

// countIn counts the messages in u's folder on the server.
func countIn(t *testing.T, srv *testserver.Servers, u testserver.User, folder string) int {
	t.Helper()
	c := srv.Client(t, t.Context(), u)
	if _, err := c.Select(t.Context(), folder, true); err != nil {
		t.Fatal(err)
	}
	uids, err := c.UIDs(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	c.FetchSummaries(t.Context(), uids, 500, func(imap.Summary) error { n++; return nil })
	return n
}

// The real program imports an mbox heavy with duplicates into a folder on
// the real Dovecot and exports it back: each message there once, every
// byte kept but the line ends IMAP makes CRLF; a damaged mbox says where
// it broke and keeps what it read; an export never replaces a file.
func TestProcessImportExportIMAP(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx, wren := withAccount(t, srv, u, "imaps://"+srv.IMAPTLS.Address())

	msgs := corpusMessages(t, "mime")
	heavy := append(append(append([][]byte{}, msgs...), msgs...), msgs[:len(msgs)/2]...)
	want := firstOfEach(heavy)
	path := mboxOf(t, mailfile.MboxRD, heavy)
	r, code := runJSON(t, wren(ctx, "", "import", path, "--folder", "Imported", "--json"))
	if code != 0 || !r.OK || r.Read != len(heavy) || r.Imported != len(want) || r.Duplicates != len(heavy)-len(want) {
		t.Fatalf("import: exit %d, %+v; want %d read, %d imported", code, r, len(heavy), len(want))
	}
	if n := countIn(t, srv, u, "Imported"); n != len(want) {
		t.Fatalf("the server's folder holds %d messages, want %d", n, len(want))
	}
	// The same file again: everything is there already, apart from the
	// messages without a Message-ID (nothing tells them apart).
	r, code = runJSON(t, wren(ctx, "", "import", path, "--folder", "Imported", "--json"))
	if code != 0 || !r.OK {
		t.Fatalf("second import: exit %d, %+v", code, r)
	}
	if got := countIn(t, srv, u, "Imported"); got != len(want)+r.Imported {
		t.Fatalf("after the second import the folder holds %d, want %d", got, len(want)+r.Imported)
	}
	if r.Imported != len(heavy)-len(withIDs(heavy)) {
		t.Fatalf("the second import stored %d; want only the %d messages without a Message-ID", r.Imported, len(heavy)-len(withIDs(heavy)))
	}

	// Out again, in the server's order (that of the import).
	outPath := filepath.Join(t.TempDir(), "out.mbox")
	r, code = runJSON(t, wren(ctx, "", "export", "Imported", "--mbox", outPath, "--json"))
	if code != 0 || !r.OK || r.Imported != len(want)+len(heavy)-len(withIDs(heavy)) {
		t.Fatalf("export: exit %d, %+v", code, r)
	}
	back := readMbox(t, outPath)
	for i, m := range want {
		if !bytes.Equal(crlf(back[i]), crlf(m)) {
			t.Fatalf("message %d came back changed:\n%q\nwant\n%q", i, back[i][:min(200, len(back[i]))], m[:min(200, len(m))])
		}
	}
	before, _ := os.ReadFile(outPath)
	r, code = runJSON(t, wren(ctx, "", "export", "Imported", "--mbox", outPath, "--json"))
	if after, _ := os.ReadFile(outPath); code != 1 || r.OK || !bytes.Equal(before, after) {
		t.Fatalf("an export over an existing file: exit %d, %+v; the file changed: %v", code, r, !bytes.Equal(before, after))
	}

	// Damaged: lines before the first "From " and a good rest.
	five := corpusMessages(t, "i18n")[:5]
	good, _ := os.ReadFile(mboxOf(t, mailfile.MboxRD, five))
	damaged := filepath.Join(t.TempDir(), "damaged.mbox")
	os.WriteFile(damaged, append([]byte("garbage that is no mbox\n\n"), good...), 0o600)
	r, code = runJSON(t, wren(ctx, "", "import", damaged, "--folder", "Damaged", "--json"))
	if code != 1 || r.OK || len(r.Damage) != 1 || r.Damage[0].Line != 1 || !r.Damage[0].ReadPast || r.Imported != len(firstOfEach(five)) {
		t.Fatalf("damaged import: exit %d, %+v", code, r)
	}
	if n := countIn(t, srv, u, "Damaged"); n != len(firstOfEach(five)) {
		t.Fatalf("the damaged file's good messages: %d on the server, want %d", n, len(firstOfEach(five)))
	}

	// A Thunderbird profile's Local Folders, as they are on its disk:
	// each mbox file a folder on the server, sub-folders from .sbd.
	tb := t.TempDir()
	html := corpusMessages(t, "html")
	inbox, _ := os.ReadFile(mboxOf(t, mailfile.MboxO, html[:4]))
	old, _ := os.ReadFile(mboxOf(t, mailfile.MboxO, html[4:6]))
	wantIn, wantOld := len(firstOfEach(html[:4])), len(firstOfEach(html[4:6]))
	os.WriteFile(filepath.Join(tb, "Inbox"), inbox, 0o600)
	os.WriteFile(filepath.Join(tb, "Inbox.msf"), []byte("// <!-- <mdb:mork:z v=\"1.4\"/> -->\n"), 0o600)
	os.WriteFile(filepath.Join(tb, "Trash"), nil, 0o600)
	os.Mkdir(filepath.Join(tb, "Archives.sbd"), 0o700)
	os.WriteFile(filepath.Join(tb, "Archives.sbd", "2019"), old, 0o600)
	r, code = runJSON(t, wren(ctx, "", "import", tb, "--folder", "Thunderbird", "--format", "mboxo", "--json"))
	if code != 0 || !r.OK || r.Imported != wantIn+wantOld {
		t.Fatalf("Thunderbird folders: exit %d, %+v", code, r)
	}
	if a, b := countIn(t, srv, u, "Thunderbird/Inbox"), countIn(t, srv, u, "Thunderbird/Archives/2019"); a != wantIn || b != wantOld {
		t.Fatalf("the server's Thunderbird/Inbox holds %d (want %d), Thunderbird/Archives/2019 %d (want %d)", a, wantIn, b, wantOld)
	}
}

func withIDs(msgs [][]byte) [][]byte {
	var out [][]byte
	for _, m := range msgs {
		if transfer.MessageID(m) != "" {
			out = append(out, m)
		}
	}
	return out
}

// crlf is m with every line ending CRLF, as an IMAP server keeps it.
func crlf(m []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(m, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
}

// A POP3 account's mail lives in local folders: an import goes there, and
// an export gives back every byte (mbox and .eml files alike).
func TestProcessImportExportPOP3Local(t *testing.T) {
	srv := testserver.Require(t)
	u := srv.NewUser(t)
	ctx, wren := withAccount(t, srv, u, "pop3s://"+srv.POP3TLS.Address())
	msgs := append(corpusMessages(t, "i18n"), corpusMessages(t, "malformed")...)
	want := firstOfEach(msgs)
	for _, f := range []string{"mboxrd", "mboxo"} {
		ff, _ := mailfile.ParseFormat(f)
		folder := "Imported " + f
		r, code := runJSON(t, wren(ctx, "", "import", mboxOf(t, ff, msgs), "--folder", folder, "--format", f, "--json"))
		if code != 0 || r.Imported != len(want) {
			t.Fatalf("%s import: exit %d, %+v; want %d", f, code, r, len(want))
		}
		out := filepath.Join(t.TempDir(), "out.mbox")
		if r, code := runJSON(t, wren(ctx, "", "export", folder, "--mbox", out, "--json")); code != 0 || r.Imported != len(want) {
			t.Fatalf("%s export: exit %d, %+v", f, code, r)
		}
		back := readMbox(t, out)
		for i, m := range want {
			if f == "mboxo" {
				m = bytes.ReplaceAll(m, []byte("\n>From "), []byte("\nFrom ")) // mboxo's documented loss
			}
			if !bytes.Equal(back[i], m) {
				t.Fatalf("%s: message %d came back changed", f, i)
			}
		}
	}
	emlDir := filepath.Join(t.TempDir(), "eml")
	if r, code := runJSON(t, wren(ctx, "", "export", "Imported mboxrd", "--eml", emlDir, "--json")); code != 0 || r.Imported != len(want) {
		t.Fatalf("eml export: exit %d, %+v", code, r)
	}
	files, _ := filepath.Glob(filepath.Join(emlDir, "*.eml"))
	if len(files) != len(want) {
		t.Fatalf("%d .eml files, want %d", len(files), len(want))
	}
	var got, exp []string
	for _, f := range files {
		b, _ := os.ReadFile(f)
		got = append(got, string(b))
	}
	for _, m := range want {
		exp = append(exp, string(m))
	}
	if !sameSet(got, exp) {
		t.Fatal("the .eml files are not the messages, byte for byte")
	}
	r, code := runJSON(t, wren(ctx, "", "import", emlDir, "--folder", "Imported mboxrd", "--json"))
	if code != 0 || r.Duplicates != len(withIDs(want)) || r.Imported != len(want)-len(withIDs(want)) {
		t.Fatalf("re-import of the .eml files: exit %d, %+v", code, r)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	n := map[string]int{}
	for _, s := range a {
		n[s]++
	}
	for _, s := range b {
		n[s]--
	}
	for _, v := range n {
		if v != 0 {
			return false
		}
	}
	return true
}
