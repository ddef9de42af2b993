package transfer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"wren/account/mailfile"
	"wren/account/store"
	"wren/transport/testcorpus"
)

// memDest keeps what it is given.
type memDest struct {
	have    map[string]bool
	got     [][]byte
	batches int
	fail    error
}

func (d *memDest) MessageIDs(context.Context) (map[string]bool, error) {
	out := map[string]bool{}
	for k := range d.have {
		out[k] = true
	}
	return out, nil
}

func (d *memDest) Put(_ context.Context, b []Message) (int, error) {
	if d.fail != nil {
		return 0, d.fail
	}
	d.batches++
	for _, m := range b {
		d.got = append(d.got, m.Raw)
	}
	return len(b), nil
}

func mail(id, subject string) []byte {
	h := "From: a@example.org\nSubject: " + subject + "\n"
	if id != "" {
		h += "Message-ID: <" + id + ">\n"
	}
	return []byte(h + "\nbody of " + subject + "\nFrom here on, a line an mbox must quote.\n")
}

// writeMbox writes msgs to an mbox file and returns its path.
func writeMbox(t *testing.T, f mailfile.Format, msgs ...[]byte) string {
	t.Helper()
	var buf bytes.Buffer
	w := mailfile.NewMboxWriter(&buf, f)
	for _, m := range msgs {
		if err := w.Write(mailfile.Message{Raw: m, Date: time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "in.mbox")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// Duplicates (already in the destination, or twice in the file) are
// skipped; messages without a Message-ID are never taken for duplicates.
func TestImportSkipsDuplicates(t *testing.T) {
	path := writeMbox(t, mailfile.MboxRD,
		mail("1@x", "one"), mail("2@x", "two"), mail("1@x", "one again"), mail("", "no id"), mail("", "no id"),
		mail("3@x", "three"))
	d := &memDest{have: map[string]bool{"2@x": true}}
	var seen []Progress
	r, err := Import(t.Context(), MboxFile(path, mailfile.MboxRD, nil), d, Options{Batch: 2, OnProgress: func(p Progress) { seen = append(seen, p) }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Read != 6 || r.Imported != 4 || r.Duplicates != 2 || len(d.got) != 4 {
		t.Fatalf("result %+v, stored %d", r.Progress, len(d.got))
	}
	if !bytes.Equal(d.got[0], mail("1@x", "one")) || !bytes.Equal(d.got[3], mail("3@x", "three")) {
		t.Fatalf("stored %q", d.got)
	}
	if d.batches != 2 || len(seen) != 2 || seen[1].Imported != 4 {
		t.Fatalf("%d batches, progress %+v", d.batches, seen)
	}
}

// A damaged spot is reported with its place and read past; what was read
// before a failure stays stored.
func TestImportDamagedFile(t *testing.T) {
	good := writeMbox(t, mailfile.MboxRD, mail("1@x", "one"), mail("2@x", "two"))
	b, _ := os.ReadFile(good)
	path := filepath.Join(t.TempDir(), "junk-first.mbox")
	os.WriteFile(path, append([]byte("this is no mbox\nat all\n\n"), b...), 0o600)
	d := &memDest{}
	r, err := Import(t.Context(), MboxFile(path, mailfile.MboxRD, nil), d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Imported != 2 || r.Damaged != 1 || len(r.Damage) != 1 || r.Damage[0].Line != 1 || r.Damage[0].Path != path {
		t.Fatalf("result %+v, damage %+v", r.Progress, r.Damage)
	}

	d = &memDest{fail: errors.New("disk full")}
	if _, err := Import(t.Context(), MboxFile(good, mailfile.MboxRD, nil), d, Options{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("a failing destination: %v", err)
	}
}

func TestImportCancelled(t *testing.T) {
	var msgs [][]byte
	for i := range 50 {
		msgs = append(msgs, mail(fmt.Sprint(i, "@x"), "m"))
	}
	path := writeMbox(t, mailfile.MboxRD, msgs...)
	ctx, cancel := context.WithCancel(t.Context())
	d := &memDest{}
	r, err := Import(ctx, MboxFile(path, mailfile.MboxRD, nil), d, Options{Batch: 10, OnProgress: func(p Progress) {
		if p.Imported >= 20 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || r.Imported != 20 || len(d.got) != 20 {
		t.Fatalf("cancelled import: %v, %+v, stored %d", err, r.Progress, len(d.got))
	}
}

// Thunderbird's mbox: messages it deleted (X-Mozilla-Status 0x0008) are
// left out; its read ones (0x0001), like "Status: RO", are read.
func TestThunderbirdStatus(t *testing.T) {
	read := []byte("X-Mozilla-Status: 0001\nMessage-ID: <r@x>\nSubject: read\n\nhi\n")
	deleted := []byte("X-Mozilla-Status: 0009\nMessage-ID: <d@x>\nSubject: deleted\n\nhi\n")
	unread := []byte("X-Mozilla-Status: 0000\nMessage-ID: <u@x>\nSubject: new\n\nhi\n")
	path := writeMbox(t, mailfile.MboxO, read, deleted, unread)
	d := &memDest{}
	if _, err := Import(t.Context(), MboxFile(path, mailfile.MboxO, nil), d, Options{}); err != nil {
		t.Fatal(err)
	}
	if len(d.got) != 2 || !bytes.Equal(d.got[0], read) || !bytes.Equal(d.got[1], unread) {
		t.Fatalf("imported %q", d.got)
	}
	if !wasRead(read) || wasRead(unread) || !wasRead([]byte("Status: RO\n\nx")) || wasRead([]byte("Subject: x\n\nStatus: RO\n")) {
		t.Fatal("read state misread")
	}
}

// The corpus into a POP3 account's local folder and out again: every
// message comes back byte for byte (mboxrd, and .eml files), and a second
// import of the export finds them all there already.
func TestLocalRoundTripCorpus(t *testing.T) {
	var raws [][]byte
	for _, sub := range []string{"mime", "malformed", "i18n", "html"} {
		files, _ := filepath.Glob(filepath.Join(testcorpus.Dir(t), sub, "*.eml"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > 0 && b[len(b)-1] != '\n' {
				b = append(b, '\n') // the mbox round trip's one change (account/mailfile)
			}
			raws = append(raws, b)
		}
	}
	if len(raws) < 100 {
		t.Fatalf("only %d corpus messages", len(raws))
	}
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, f := range []mailfile.Format{mailfile.MboxRD, mailfile.MboxO} {
		folder := "Imported " + f.String()
		path := writeMbox(t, f, raws...)
		r, err := Import(t.Context(), MboxFile(path, f, nil), Local{Store: st, Account: "pop", Folder: folder}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Read != len(raws) || r.Imported+r.Duplicates != len(raws) {
			t.Fatalf("%s: %+v of %d", f, r.Progress, len(raws))
		}
		var out bytes.Buffer
		sink, flush := MboxSink(&out, mailfile.MboxRD)
		if _, err := ExportLocal(t.Context(), st, "pop", folder, sink); err != nil {
			t.Fatal(err)
		}
		flush()
		back := readAll(t, out.Bytes())
		want := unique(raws)
		if f == mailfile.MboxO {
			want = unique(mboxoReadable(raws))
		}
		if len(back) != len(want) {
			t.Fatalf("%s: %d messages exported, want %d", f, len(back), len(want))
		}
		for i := range want {
			if !bytes.Equal(back[i], want[i]) {
				t.Fatalf("%s: message %d changed:\n%q\nwant\n%q", f, i, head(back[i]), head(want[i]))
			}
		}
	}

	// .eml files out and back into another folder: byte-exact, and a
	// second import skips them all.
	dir := t.TempDir()
	if _, err := ExportLocal(t.Context(), st, "pop", "Imported mboxrd", EMLSink(dir)); err != nil {
		t.Fatal(err)
	}
	r, err := Import(t.Context(), EMLDir(dir), Local{Store: st, Account: "pop", Folder: "From eml"}, Options{})
	if err != nil || r.Imported != len(unique(raws)) {
		t.Fatalf("eml import: %+v, %v", r.Progress, err)
	}
	r, err = Import(t.Context(), EMLDir(dir), Local{Store: st, Account: "pop", Folder: "From eml"}, Options{})
	if err != nil || r.Imported != withoutID(unique(raws)) || r.Duplicates != len(unique(raws))-withoutID(unique(raws)) {
		t.Fatalf("second eml import: %+v, %v", r.Progress, err)
	}
}

func readAll(t *testing.T, b []byte) [][]byte {
	t.Helper()
	r := mailfile.NewMboxReader(bytes.NewReader(b), mailfile.MboxRD, "out")
	var out [][]byte
	for {
		m, err := r.Next()
		if err != nil {
			return out
		}
		out = append(out, m.Raw)
	}
}

// unique keeps the first message of each Message-ID, as an import does.
func unique(raws [][]byte) [][]byte {
	seen := map[string]bool{}
	var out [][]byte
	for _, r := range raws {
		if id := MessageID(r); id != "" {
			if seen[id] {
				continue
			}
			seen[id] = true
		}
		out = append(out, r)
	}
	return out
}

func withoutID(raws [][]byte) int {
	n := 0
	for _, r := range raws {
		if MessageID(r) == "" {
			n++
		}
	}
	return n
}

// mboxoReadable is what mboxo gives back: ">From " lines lose a '>'.
func mboxoReadable(raws [][]byte) [][]byte {
	var out [][]byte
	for _, r := range raws {
		lines := bytes.SplitAfter(r, []byte("\n"))
		for i, l := range lines {
			if bytes.HasPrefix(l, []byte(">From ")) {
				lines[i] = l[1:]
			}
		}
		out = append(out, bytes.Join(lines, nil))
	}
	return out
}

func head(b []byte) []byte { return b[:min(len(b), 300)] }

// A Thunderbird profile's Local Folders import as they are: each mbox
// file (no extension, beside its .msf index) a folder, sub-folders from
// its .sbd folders, empty and non-mail files left alone, messages it
// deleted without compacting left out.
func TestThunderbirdFolderTree(t *testing.T) {
	dir := t.TempDir()
	mb := func(rel string, msgs ...[]byte) {
		path := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(path), 0o700)
		var buf bytes.Buffer
		w := mailfile.NewMboxWriter(&buf, mailfile.MboxO)
		for _, m := range msgs {
			w.Write(mailfile.Message{Raw: m})
		}
		w.Flush()
		os.WriteFile(path, buf.Bytes(), 0o600)
	}
	mb("Inbox", mail("i1@x", "in one"), mail("i2@x", "in two"))
	os.WriteFile(filepath.Join(dir, "Inbox.msf"), []byte("// <!-- <mdb:mork:z v=\"1.4\"/> -->"), 0o600)
	os.WriteFile(filepath.Join(dir, "Trash"), nil, 0o600)
	mb("Sent", mail("s1@x", "sent"))
	mb("Archives.sbd/2019", mail("a1@x", "old"), []byte("X-Mozilla-Status: 0009\nMessage-ID: <gone@x>\n\ndeleted\n"))
	os.WriteFile(filepath.Join(dir, "Archives.sbd", "2019.msf"), []byte("index"), 0o600)
	os.WriteFile(filepath.Join(dir, "msgFilterRules.dat"), []byte("version=\"9\"\n"), 0o600)

	parts, err := Parts(dir, mailfile.MboxO, nil)
	if err != nil {
		t.Fatal(err)
	}
	var subs []string
	for _, p := range parts {
		subs = append(subs, strings.Join(p.Sub, "/"))
	}
	if strings.Join(subs, ", ") != "Archives/2019, Inbox, Sent" {
		t.Fatalf("folders found: %q", subs)
	}
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "mail.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var last Progress
	r, err := ImportParts(t.Context(), parts, "Thunderbird", "/", func(name string) Dest {
		return Local{Store: st, Account: "pop", Folder: name}
	}, Options{OnProgress: func(p Progress) { last = p }})
	if err != nil || r.Imported != 4 || last.Imported != 4 {
		t.Fatalf("imported %+v (last progress %+v): %v", r.Progress, last, err)
	}
	for name, want := range map[string]int{"Thunderbird/Inbox": 2, "Thunderbird/Sent": 1, "Thunderbird/Archives/2019": 1} {
		if ids, err := st.FolderMessageIDs(t.Context(), "pop", name); err != nil || len(ids) != want {
			t.Errorf("%s holds %d messages (%v), want %d", name, len(ids), err, want)
		}
	}
}
