package mailfile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"wren/transport/testcorpus"
)

// corpus is every .eml of the shared test corpus, read as it is.
func corpus(t testing.TB) []Message {
	t.Helper()
	corpusDir := testcorpus.Dir(t)
	var msgs []Message
	for _, sub := range []string{"mime", "malformed", "i18n", "html", "remote-content"} {
		paths, err := filepath.Glob(filepath.Join(corpusDir, sub, "*.eml"))
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(paths)
		for _, p := range paths {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			msgs = append(msgs, Message{Raw: raw, Name: filepath.Base(p)})
		}
	}
	if len(msgs) < 100 {
		t.Fatalf("only %d corpus messages in %s", len(msgs), corpusDir)
	}
	return msgs
}

func TestCorpusMboxRoundTrip(t *testing.T) {
	msgs := corpus(t)
	for _, f := range []Format{MboxRD, MboxO} {
		got := readAll(t, writeAll(t, msgs, f), f)
		if len(got) != len(msgs) {
			t.Fatalf("%v: read %d messages, wrote %d", f, len(got), len(msgs))
		}
		exact := 0
		for i, m := range msgs {
			want := roundTripped(m.Raw)
			if f == MboxO {
				// The documented mboxo loss, applied to what was written.
				want = bytes.ReplaceAll(want, []byte("\n>From "), []byte("\nFrom "))
				if bytes.HasPrefix(want, []byte(">From ")) {
					want = want[1:]
				}
			}
			if !bytes.Equal(got[i].Raw, want) {
				t.Errorf("%v: %s differs after the round trip", f, m.Name)
			}
			if bytes.Equal(got[i].Raw, m.Raw) {
				exact++
			}
		}
		t.Logf("%v: %d of %d corpus messages came back exactly, the rest with a final newline added", f, exact, len(msgs))
	}
}

func TestCorpusEMLRoundTrip(t *testing.T) {
	msgs := corpus(t)
	dir := t.TempDir()
	written := map[string][]byte{}
	for _, m := range msgs {
		name, err := WriteEML(dir, m)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := written[name]; dup {
			t.Fatalf("name %q returned twice", name)
		}
		written[name] = m.Raw
	}
	var names []string
	err := ReadEMLDir(dir, func(m Message) error {
		want, ok := written[m.Name]
		if !ok {
			t.Errorf("read %q, never written", m.Name)
		} else if !bytes.Equal(m.Raw, want) {
			t.Errorf("%s differs", m.Name)
		}
		names = append(names, m.Name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(msgs) || !sort.StringsAreSorted(names) {
		t.Errorf("read %d files (sorted: %v), wrote %d", len(names), sort.StringsAreSorted(names), len(msgs))
	}
}

func TestWriteEMLNames(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		msg  Message
		want string
	}{
		{Message{Raw: []byte("Subject: Hello world\r\nDate: Tue, 2 Jan 2024 15:04:05 +0100\r\n\r\nx")}, "2024-01-02 150405 Hello world.eml"},
		{Message{Raw: []byte("Subject: Hello world\r\nDate: Tue, 2 Jan 2024 15:04:05 +0100\r\n\r\nx")}, "2024-01-02 150405 Hello world (2).eml"},
		{Message{Raw: []byte("Subject: Hello world\r\nDate: Tue, 2 Jan 2024 15:04:05 +0100\r\n\r\nx")}, "2024-01-02 150405 Hello world (3).eml"},
		{Message{Raw: []byte("Subject: ../../etc/passwd\n\n")}, "_.._etc_passwd.eml"},
		{Message{Raw: []byte("Subject: ...\n\n")}, "message.eml"},
		{Message{Raw: []byte("Subject: .hidden\n\n")}, "hidden.eml"},
		{Message{Raw: []byte("")}, "message (2).eml"},
		{Message{Raw: []byte("X: y\n\nSubject: not a header\n")}, "message (3).eml"},
		{Message{Raw: []byte("Subject: =?utf-8?q?caf=C3=A9_=E2=80=AEgpj.exe?=\n\n")}, "café gpj.exe.eml"},
		{Message{Raw: []byte("Subject: folded\n\tsubject line\nDate: bogus\n\n")}, "folded subject line.eml"},
		{Message{Raw: []byte("Subject: a\x00b\\c:d\n\n"), Date: time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)}, "2001-02-03 040506 a_b_c_d.eml"},
		{Message{Raw: []byte("Subject: CON\n\n")}, "_CON.eml"},
		{Message{Raw: []byte("Subject: \xff\xfe latin\n\n")}, "_ latin.eml"},
	}
	for _, c := range cases {
		name, err := WriteEML(dir, c.msg)
		if err != nil || name != c.want {
			t.Errorf("WriteEML(%q) = %q, %v; want %q", c.msg.Raw, name, err, c.want)
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, c.msg.Raw) {
			t.Errorf("%s holds %q, %v", name, got, err)
		}
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v", name, fi.Mode(), err)
		}
	}
	// Nothing was written outside dir.
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("parent holds %d entries", len(entries))
	}

	long := Message{Raw: []byte("Subject: " + strings.Repeat("ü", 300) + "\n\n")}
	name, err := WriteEML(dir, long)
	if err != nil || len(name) > 200 || !strings.HasSuffix(name, "ü.eml") {
		t.Errorf("long subject: %q, %v", name, err)
	}

	if _, err := WriteEML(filepath.Join(dir, "missing"), long); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
}

func TestReadEMLDir(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(path, s string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "b.eml"), "B")
	write(filepath.Join(dir, "A.EML"), "A\r\n")
	write(filepath.Join(dir, "c.Eml"), "")
	write(filepath.Join(dir, "notes.txt"), "no")
	write(filepath.Join(dir, "x.eml.bak"), "no")
	write(filepath.Join(outside, "secret.eml"), "secret")
	if err := os.Mkdir(filepath.Join(dir, "sub.eml"), 0o700); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(dir, "sub.eml", "deep.eml"), "no")
	must(t, os.Symlink(filepath.Join(outside, "secret.eml"), filepath.Join(dir, "escape.eml")))
	must(t, os.Symlink("b.eml", filepath.Join(dir, "link.eml")))
	big, err := os.Create(filepath.Join(dir, "big.eml"))
	must(t, err)
	must(t, big.Truncate(MaxMessage+1))
	must(t, big.Close())

	var got []string
	err = ReadEMLDir(dir, func(m Message) error {
		if m.Sender != "" || m.Offset != 0 || m.Line != 0 || !m.Date.IsZero() {
			t.Errorf("%s: %+v", m.Name, m)
		}
		got = append(got, m.Name+"="+string(m.Raw))
		return nil
	})
	if want := []string{"A.EML=A\r\n", "b.eml=B", "c.Eml=", "link.eml=B"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("read %q, want %q", got, want)
	}
	skipped := Skipped(err)
	if len(skipped) != 2 {
		t.Fatalf("skipped %v", err)
	}
	for i, want := range []string{"big.eml", "escape.eml"} {
		if s := skipped[i]; filepath.Base(s.Path) != want || !s.Resumable {
			t.Errorf("skipped[%d] = %v", i, s)
		}
	}
	if !strings.Contains(skipped[0].Reason, "larger") || !strings.Contains(skipped[1].Reason, "outside") {
		t.Errorf("reasons: %v", err)
	}

	// fn's error stops the walk and comes back as it is.
	stop := errors.New("stop")
	n := 0
	err = ReadEMLDir(dir, func(Message) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("ReadEMLDir = %v after %d calls", err, n)
	}

	if err := ReadEMLDir(filepath.Join(dir, "missing"), func(Message) error { return nil }); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing folder: %v", err)
	}
}

func TestSkipped(t *testing.T) {
	a, b := &CorruptError{Reason: "a"}, &CorruptError{Reason: "b"}
	if s := Skipped(errors.Join(a, errors.New("other"), b)); len(s) != 2 || s[0] != a || s[1] != b {
		t.Errorf("Skipped = %v", s)
	}
	if s := Skipped(a); len(s) != 1 {
		t.Errorf("Skipped = %v", s)
	}
	if s := Skipped(nil); s != nil {
		t.Errorf("Skipped(nil) = %v", s)
	}
	if s := Skipped(io.EOF); s != nil {
		t.Errorf("Skipped(EOF) = %v", s)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
