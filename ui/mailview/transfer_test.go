package mailview

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"wren/account/transfer"
)

// fakeTransferer runs the source or writes two messages, as the session
// would, and records what it was asked.
type fakeTransferer struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeTransferer) Import(ctx context.Context, acct, folder string, parts []transfer.Part, onProgress func(transfer.Progress)) (transfer.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, "import "+acct+" "+folder)
	f.mu.Unlock()
	var r transfer.Result
	err := parts[0].Source(ctx, func(transfer.Message) error { r.Read++; r.Imported++; onProgress(r.Progress); return nil }, func(error) { r.Damaged++ })
	return r, err
}

func (f *fakeTransferer) Export(ctx context.Context, acct, folder string, sink transfer.Sink, onProgress func(transfer.Progress)) (transfer.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, "export "+acct+" "+folder)
	f.mu.Unlock()
	var r transfer.Result
	for _, m := range []string{"Subject: a\n\nA\n", "Subject: b\n\nB\n"} {
		if err := sink([]byte(m), t0); err != nil {
			return r, err
		}
		r.Imported++
	}
	return r, nil
}

// File → Import mail… reads the chosen mbox through the session into the
// folder named, showing the outcome; Export folder… writes the open
// folder to a new mbox and never over an existing file.
func TestImportAndExportDialogs(t *testing.T) {
	w := newWired(t)
	ft := &fakeTransferer{}
	w.v.SetTransferer(ft)
	w.open(t, "INBOX", 0)
	mbox := filepath.Join(t.TempDir(), "in.mbox")
	os.WriteFile(mbox, []byte("From a@x Mon Jan  1 00:00:00 2024\nSubject: one\n\n1\n\nFrom a@x Mon Jan  1 00:00:00 2024\nSubject: two\n\n2\n"), 0o600)

	w.v.do(w.v.cmd("import"))
	form := w.v.lastForm
	test.Type(form.path, mbox)
	form.folder.SetText("Old mail")
	test.Tap(form.start)
	w.q.run()
	if form.prog == nil || !strings.Contains(form.prog.words.Text, "2 messages imported into Old mail") {
		t.Fatalf("after the import: %+v", form.prog)
	}
	if ft.calls[0] != "import work Old mail" {
		t.Fatalf("calls %q", ft.calls)
	}

	out := filepath.Join(t.TempDir(), "out.mbox")
	w.v.do(w.v.cmd("export"))
	form = w.v.lastForm
	test.Type(form.path, out)
	test.Tap(form.start)
	w.q.run()
	if form.prog == nil || !strings.Contains(form.prog.words.Text, "2 messages of INBOX written") {
		t.Fatalf("after the export: %q", form.prog.words.Text)
	}
	if b, err := os.ReadFile(out); err != nil || strings.Count(string(b), "\nFrom ")+1 != 2 {
		t.Fatalf("the mbox: %q %v", b, err)
	}
	w.v.do(w.v.cmd("export"))
	form = w.v.lastForm
	test.Type(form.path, out)
	test.Tap(form.start)
	w.q.run()
	if form.prog == nil || !strings.Contains(form.prog.words.Text, "exists already") {
		t.Fatalf("an export over a file: %q", form.prog.words.Text)
	}
}
