package reader

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"wren/transport/rfc822"
)

// countingTransport answers every request with 404 and counts them.
type countingTransport struct{ n atomic.Int32 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return &http.Response{StatusCode: http.StatusNotFound, Body: http.NoBody, Request: r}, nil
}

// No program opens the attachment: the reader says so, with the fix, and
// its Save… button opens the save dialog.
func TestNoProgramToOpenIsSaid(t *testing.T) {
	h := newHarness(t, func(d *Deps) {
		d.OpenFile = func(string) error { return errNoOpener }
	})
	a := &rfc822.Attachment{Filename: "plan.xyz", ContentType: "application/x-unknown", Data: []byte("data"), Size: 4}
	h.r.OpenAttachment(a)
	d, ok := h.r.LastDialog.(*dialog.ConfirmDialog)
	if !ok {
		t.Fatalf("no message after a failed open (dialog %T)", h.r.LastDialog)
	}
	texts := strings.Join(labelsUnder(h.w.Canvas().Overlays().Top()), "\n")
	if !strings.Contains(texts, `"plan.xyz"`) || !strings.Contains(texts, "Save it and open it from your file manager") {
		t.Errorf("the message says %q", texts)
	}
	d.Confirm()
	if _, ok := h.r.LastDialog.(*dialog.FileDialog); !ok {
		t.Errorf("Save… opened %T, want the save dialog", h.r.LastDialog)
	}
}

// A saved attachment says where it went.
func TestSaveSaysWhere(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	h.r.SaveTo(dir, "report.pdf", &rfc822.Attachment{Filename: "report.pdf", ContentType: "application/pdf", Data: []byte("%PDF"), Size: 4})
	want := `Saved "report.pdf" in ` + dir + "."
	if !h.r.Saved.Visible() || h.r.Saved.Text != want {
		t.Errorf("notice %q (visible %v), want %q", h.r.Saved.Text, h.r.Saved.Visible(), want)
	}
	if _, err := os.Stat(filepath.Join(dir, "report.pdf")); err != nil {
		t.Error(err)
	}
	h.load(t, newsletter, true)
	if h.r.Saved.Visible() {
		t.Error("the notice stayed on the next message")
	}
}

// Where remote content is off (the demo), the load buttons are not
// offered, the reason is said, and nothing is fetched.
func TestRemoteOffNeverFetches(t *testing.T) {
	tr := &countingTransport{}
	h := newHarness(t, func(d *Deps) {
		d.HTTP = &http.Client{Transport: tr}
		d.RemoteOff = "The demo never loads remote content."
	})
	h.load(t, newsletter, true)
	if h.r.LoadRemote.Visible() || h.r.AlwaysLoad.Visible() {
		t.Error("the load buttons are offered")
	}
	if !strings.HasSuffix(h.r.Remote.Text, "The demo never loads remote content.") || !h.r.Remote.Visible() {
		t.Errorf("trust line %q", h.r.Remote.Text)
	}
	h.r.loadRemoteOnce()
	h.r.loadRemoteAlways()
	if n := tr.n.Load(); n != 0 || h.r.Current().Remote {
		t.Errorf("%d requests, remote shown %v", n, h.r.Current().Remote)
	}
}

// Pictures that could not be loaded are counted where the user sees
// them, not left as silent placeholders.
func TestFailedPicturesCounted(t *testing.T) {
	tr := &countingTransport{}
	h := newHarness(t, func(d *Deps) { d.HTTP = &http.Client{Transport: tr} })
	h.load(t, newsletter, true)
	test.Tap(h.r.LoadRemote)      // the harness runs the fetches inline
	if n := tr.n.Load(); n != 2 { // the tracker pixel is never asked for
		t.Fatalf("%d pictures asked for, want 2", n)
	}
	if want := failedWords(2); h.r.Remote.Text != want || !strings.Contains(want, "2 pictures could not be loaded") {
		t.Errorf("trust line %q, want %q", h.r.Remote.Text, want)
	}
}

// xdg-open that finds no program fails within the wait; one that hands
// the file on (still running, or done well) is a success; none at all is
// a failure.
func TestSystemOpenerHearsTheOpener(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	t.Setenv("PATH", bin)
	script := func(body string) {
		if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte("#!/bin/sh\n"+body+"\n"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := xdgOpen("/tmp/x", time.Second); !errors.Is(err, errNoOpener) {
		t.Errorf("no xdg-open: %v", err)
	}
	script("exit 3")
	if err := xdgOpen("/tmp/x", 5*time.Second); !errors.Is(err, errNoOpener) {
		t.Errorf("xdg-open found no program: %v", err)
	}
	script("exit 0")
	if err := xdgOpen("/tmp/x", 5*time.Second); err != nil {
		t.Errorf("xdg-open opened it: %v", err)
	}
	script("exec " + sleep + " 5")
	if err := xdgOpen("/tmp/x", 200*time.Millisecond); err != nil {
		t.Errorf("a program still running: %v", err)
	}
}
