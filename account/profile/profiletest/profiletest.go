// Package profiletest helps tests prove that no secret reached a profile
// directory: every file under it is searched for each secret, raw and in
// the encodings a careless writer might use.
package profiletest

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// AssertNoSecret fails t for every file under dir (names included) that
// holds one of secrets. Failure messages name the file and the encoding,
// never the secret. Secrets shorter than 4 bytes are refused: they would
// match by chance.
func AssertNoSecret(t testing.TB, dir string, secrets ...string) {
	t.Helper()
	for _, f := range Find(t, dir, secrets...) {
		t.Errorf("%s", f)
	}
}

// Find returns one line per finding ("PATH holds secret #N (base64)"); tests
// that expect a finding use it to check the checker.
func Find(t testing.TB, dir string, secrets ...string) []string {
	t.Helper()
	var forms [][]form
	for i, s := range secrets {
		if len(s) < 4 {
			t.Fatalf("profiletest: secret #%d is shorter than 4 bytes; use a longer test password", i+1)
		}
		forms = append(forms, encodings(s))
	}
	var found []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for i, fms := range forms {
			for _, f := range fms {
				if strings.Contains(d.Name(), string(f.b)) {
					found = append(found, path+" has secret #"+strconv.Itoa(i+1)+" in its name ("+f.name+")")
				}
			}
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, fms := range forms {
			for _, f := range fms {
				if bytes.Contains(data, f.b) {
					found = append(found, path+" holds secret #"+strconv.Itoa(i+1)+" ("+f.name+")")
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("profiletest: walking %s: %v", dir, err)
	}
	return found
}

type form struct {
	name string
	b    []byte
}

// encodings lists the distinct forms of s, so one hit is reported once.
func encodings(s string) []form {
	js, _ := json.Marshal(s)
	all := []form{
		{"plain", []byte(s)},
		{"json", js[1 : len(js)-1]},
		{"base64", []byte(base64.StdEncoding.EncodeToString([]byte(s)))},
		{"base64url", []byte(base64.RawURLEncoding.EncodeToString([]byte(s)))},
		{"hex", []byte(hex.EncodeToString([]byte(s)))},
		{"url", []byte(url.QueryEscape(s))},
		// A padded form does not match inside a longer encoded run.
		{"base64 unpadded", []byte(base64.RawStdEncoding.EncodeToString([]byte(s)))},
	}
	var out []form
	for _, f := range all {
		if !slices.ContainsFunc(out, func(o form) bool { return bytes.Equal(o.b, f.b) }) {
			out = append(out, f)
		}
	}
	return out
}
