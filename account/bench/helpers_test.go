package bench

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseHWM(t *testing.T) {
	status := "Name:\tbench\nVmPeak:\t  900 kB\nVmHWM:\t   12345 kB\nVmRSS:\t 100 kB\n"
	got, err := parseHWM(strings.NewReader(status))
	if err != nil || got != 12345<<10 {
		t.Fatalf("parseHWM = %d, %v; want %d", got, err, 12345<<10)
	}
	for _, bad := range []string{"VmRSS:\t1 kB\n", "VmHWM:\t12 MB\n", "VmHWM:\tlots kB\n"} {
		if _, err := parseHWM(strings.NewReader(bad)); err == nil {
			t.Errorf("parseHWM(%q) gave no error", bad)
		}
	}
}

func TestPeakRSSReset(t *testing.T) {
	if err := ResetPeakRSS(); err != nil {
		t.Fatal(err)
	}
	before, err := PeakRSS()
	if err != nil || before <= 0 {
		t.Fatalf("PeakRSS = %d, %v", before, err)
	}
	big := bytes.Repeat([]byte{1}, 64<<20) // touched, so resident
	after, err := PeakRSS()
	if err != nil || after < before+60<<20 {
		t.Fatalf("peak went from %d to %d after 64 MB (%v)", before, after, err)
	}
	if big[len(big)-1] != 1 {
		t.Fatal("buffer lost")
	}
}

func TestInfoFlags(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{`\Seen`}, "S"},
		{[]string{`\Seen`, `\Flagged`, `\Answered`, `\Seen`}, "FRS"},
		{[]string{`$Label`, `\Draft`}, "D"},
	} {
		if got := infoFlags(tc.in); got != tc.want {
			t.Errorf("infoFlags(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMaildirPut(t *testing.T) {
	md := &Maildir{Dir: filepath.Join(t.TempDir(), "home", "Maildir"), UID: os.Getuid(), GID: os.Getgid()}
	if err := md.Create(); err != nil {
		t.Fatal(err)
	}
	date := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	raw := []byte("Subject: hi\r\n\r\nbody\r\n")
	if err := md.Put(raw, date, []string{`\Seen`, `\Flagged`}); err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadDir(filepath.Join(md.Dir, "cur"))
	if err != nil || len(cur) != 1 {
		t.Fatalf("cur holds %d files (%v)", len(cur), err)
	}
	name := cur[0].Name()
	if !strings.HasPrefix(name, "1741064767.M000001P") || !strings.HasSuffix(name, ",S=21,W=21:2,FS") {
		t.Errorf("file name %q", name)
	}
	b, err := os.ReadFile(filepath.Join(md.Dir, "cur", name))
	if err != nil || !bytes.Equal(b, raw) {
		t.Errorf("content %q, %v", b, err)
	}
	fi, err := cur[0].Info()
	if err != nil || !fi.ModTime().Equal(date) {
		t.Errorf("mtime %v, want %v (%v)", fi.ModTime(), date, err)
	}
	if tmp, _ := os.ReadDir(filepath.Join(md.Dir, "tmp")); len(tmp) != 0 {
		t.Errorf("tmp keeps %d files", len(tmp))
	}
}

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	rows := []Row{
		{Figure: "cold", Wren: 1500 * time.Millisecond, Raw: time.Second, RawName: "raw", Target: "≤ 1.3× raw", PeakRSS: 100 << 20},
		{Figure: "search", Wren: 2500 * time.Microsecond, Target: "< 50 ms", Pass: true},
		{Figure: "full", Wren: 3 * time.Second, Target: "–", Info: true},
	}
	if err := WriteTable(&b, "T", rows); err != nil {
		t.Fatal(err)
	}
	want := "T\n\n| figure | Wren | raw | raw client | ratio | peak RSS | target | result |\n" +
		"| --- | ---: | ---: | --- | ---: | ---: | --- | --- |\n" +
		"| cold | 1.50 s | 1.00 s | raw | 1.50× | 100 MB | ≤ 1.3× raw | fail |\n" +
		"| search | 2.5 ms | – | – | – | – | < 50 ms | pass |\n" +
		"| full | 3.00 s | – | – | – | – | – | – |\n"
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}
