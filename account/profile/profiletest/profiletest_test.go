package profiletest

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindsEveryForm(t *testing.T) {
	const pw = "s3cr3t/pässword+1"
	cases := map[string]string{
		"plain.json":  `{"x":"` + pw + `"}`,
		"b64.txt":     "token=" + base64.StdEncoding.EncodeToString([]byte(pw)),
		"escaped.txt": `"s3cr3t\/p\u00e4ssword+1"`,
		"hex.txt":     "6865",
	}
	for name, content := range cases {
		dir := t.TempDir()
		sub := filepath.Join(dir, "data", "deeper")
		if err := os.MkdirAll(sub, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		found := Find(t, dir, pw)
		if name == "escaped.txt" || name == "hex.txt" {
			// Go's JSON does not escape "/" or "ä", and a hex prefix is
			// not the secret: neither may raise a false alarm.
			if len(found) != 0 {
				t.Errorf("%s: unexpected findings %v", name, found)
			}
			continue
		}
		if len(found) == 0 {
			t.Errorf("%s: secret not found", name)
		}
		for _, f := range found {
			if strings.Contains(f, pw) {
				t.Errorf("finding repeats the secret: %q", f)
			}
		}
	}
}

func TestCleanDirectoryPasses(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "accounts.json"), []byte(`{"version":1,"accounts":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if found := Find(t, dir, "hunter22", "another-secret"); len(found) != 0 {
		t.Errorf("clean directory: %v", found)
	}
	AssertNoSecret(t, dir, "hunter22")
}

func TestSecretInFileName(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "cache-hunter22"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if found := Find(t, dir, "hunter22"); len(found) != 1 {
		t.Errorf("findings = %v, want one for the file name", found)
	}
}

func TestJSONEscapedSecretFound(t *testing.T) {
	dir := t.TempDir()
	// encoding/json escapes <, > and & by default.
	if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte(`{"p":"a\u003cb\u0026c"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if found := Find(t, dir, "a<b&c"); len(found) != 1 || !strings.Contains(found[0], "(json)") {
		t.Errorf("findings = %v, want one json finding", found)
	}
}
