package ui_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"wren/account/mailfile"
	"wren/transport/imap"
	"wren/transport/testserver"
	"wren/ui/mailview"
)

// hasText says whether a shown label contains s.
func hasText(p probeJSON, s string) bool {
	return slices.ContainsFunc(p.Shown.Texts, func(t string) bool { return strings.Contains(t, s) })
}

// buttonNamed is the place of the shown button with text.
func buttonNamed(p probeJSON, text string) (mailview.Rect, bool) {
	for _, b := range p.Shown.Buttons {
		if b.Text == text {
			return b.Rect, true
		}
	}
	return mailview.Rect{}, false
}

// File → Import mail… in the real window uploads an mbox into a new
// folder on the real Dovecot, with its outcome shown; Stop stops a long
// one and keeps what was done; File → Export folder… writes a folder to a
// new mbox.
func TestRealWindowImportExport(t *testing.T) {
	if !needDisplay(t) {
		return
	}
	ctx, srv, u, profile := ownProfile(t, 5*time.Minute)
	testserver.Append(t, ctx, srv.Client(t, ctx, u), u.Address, "already in the inbox")

	// Short paths: each character is a key press, and under load one is
	// now and then lost.
	short, err := os.MkdirTemp("", "w")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(short) })
	mbox := func(name string, n int) string {
		var buf bytes.Buffer
		w := mailfile.NewMboxWriter(&buf, mailfile.MboxRD)
		for i := range n {
			raw := fmt.Sprintf("From: Anna <anna@example.org>\nTo: %s\nSubject: %s %d\nMessage-ID: <%s.%d@example.org>\n\nFrom the old program.\n",
				u.Address, name, i, name, i)
			if err := w.Write(mailfile.Message{Raw: []byte(raw)}); err != nil {
				t.Fatal(err)
			}
		}
		w.Flush()
		path := filepath.Join(short, name+".mbox")
		if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}
	small := mbox("old", 12)

	w := startWindow(t, "^Wren$", "--profile", profile)
	p := w.until("the account's mail", func(p probeJSON) bool { return slices.Contains(p.Subjects, "already in the inbox") })
	w.importFile(p, small)
	w.untilFor(60*time.Second, "the import's outcome", func(p probeJSON) bool {
		return hasText(p, "12 messages imported into Imported, 0 were there already.")
	})
	w.pressFor("the outcome closed", func(p probeJSON) bool { return !hasText(p, "messages imported into") }, "Escape")
	w.untilFor(60*time.Second, "the Imported folder in the window", func(p probeJSON) bool {
		return slices.ContainsFunc(p.Folders, func(f mailview.ProbeFolder) bool { return strings.Contains(f.Name, "Imported") })
	})
	if n := serverCount(t, ctx, srv, u, "Imported"); n != 12 {
		t.Fatalf("the server's Imported holds %d messages, want 12", n)
	}

	// A long import stopped midway keeps what it did and says so.
	big := mbox("many", 3000)
	w.importFile(w.read(), big)
	p = w.untilFor(60*time.Second, "the import under way", func(p probeJSON) bool {
		return slices.ContainsFunc(p.Shown.Texts, func(s string) bool {
			return strings.Contains(s, "imported ·") && !strings.Contains(s, "· 0 imported")
		})
	})
	stop, ok := buttonNamed(p, "Stop")
	if !ok {
		t.Fatalf("no Stop button: %+v", p.Shown.Buttons)
	}
	w.click(stop)
	p = w.untilFor(60*time.Second, "the stopped import", func(p probeJSON) bool { return hasText(p, "Stopped:") })
	var done int
	for _, s := range p.Shown.Texts {
		if strings.HasPrefix(s, "Stopped: ") {
			fmt.Sscanf(s, "Stopped: %d messages", &done)
		}
	}
	if done <= 0 || done >= 3000 {
		t.Fatalf("stopped after %d of 3000", done)
	}
	if n := serverCount(t, ctx, srv, u, "Imported"); n != 12+done {
		t.Fatalf("after the stop the server holds %d, want %d", n, 12+done)
	}
	w.pressFor("the stop's outcome closed", func(p probeJSON) bool { return !hasText(p, "Stopped:") }, "Escape")

	// Export: the open folder (the Inbox, as the list shows it) to a new
	// mbox.
	out := filepath.Join(short, "inbox.mbox")
	p = w.read()
	w.chooseFile(p, "Export folder…")
	w.until("the export dialog", func(p probeJSON) bool { return hasText(p, "Write a folder's messages to files") })
	w.typeText(out)
	w.press("Return")
	p = w.untilFor(60*time.Second, "the export's outcome", func(p probeJSON) bool {
		return hasText(p, "messages of INBOX written to") || hasText(p, "not found")
	})
	if hasText(p, "not found") { // a key of the path was lost: once more
		w.pressFor("the failure closed", func(p probeJSON) bool { return !hasText(p, "not found") }, "Escape")
		w.chooseFile(w.read(), "Export folder…")
		w.until("the export dialog again", func(p probeJSON) bool { return hasText(p, "Write a folder's messages to files") })
		w.typeText(out)
		w.press("Return")
		w.untilFor(60*time.Second, "the export's outcome", func(p probeJSON) bool { return hasText(p, "messages of INBOX written to") })
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(b, []byte("Subject: already in the inbox")) {
		t.Fatalf("the exported mbox: %v\n%.300s", err, b)
	}
}

// importFile opens File → Import mail… and imports path into the folder
// the dialog offers. A path the window did not find (a key of it lost
// under load) is typed again, as a person would.
func (w *realWin) importFile(p probeJSON, path string) {
	w.t.Helper()
	for try := 0; ; try++ {
		w.chooseFile(p, "Import mail…")
		w.until("the import dialog", func(p probeJSON) bool { return hasText(p, "Bring in mail from a file") })
		w.typeText(path)
		w.press("Return")
		p = w.untilFor(30*time.Second, "the import under way or done", func(p probeJSON) bool {
			return hasText(p, " read · ") || hasText(p, "imported into") || hasText(p, "not found")
		})
		if !hasText(p, "not found") || try == 2 {
			return
		}
		w.t.Logf("the path %q was not found (a key lost): typed again", path)
		p = w.pressFor("the failure closed", func(p probeJSON) bool { return !hasText(p, "not found") }, "Escape")
	}
}

// serverCount counts the messages in u's folder on the server.
func serverCount(t *testing.T, ctx context.Context, srv *testserver.Servers, u testserver.User, folder string) int {
	t.Helper()
	c := srv.Client(t, ctx, u)
	if _, err := c.Select(ctx, folder, true); err != nil {
		t.Fatal(err)
	}
	uids, err := c.UIDs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	if len(uids) > 0 {
		if err := c.FetchSummaries(ctx, uids, 1000, func(imap.Summary) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	return n
}
