package demo

import (
	"errors"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	goimap "github.com/emersion/go-imap/v2"

	"wren/transport/imap"
)

// ReadDir takes the .eml files of a folder, in name order, with CRLF line
// endings and the date of their Date header; other files are left alone,
// and a folder without mail is an error rather than an empty demo.
func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("b.eml", "Subject: second\nDate: Tue, 3 Mar 2026 10:00:00 +0000\n\nbody\n")
	write("a.EML", "Subject: first\r\n\r\nno date\r\n")
	write("notes.txt", "Subject: not mail\n\n")
	if err := os.Mkdir(filepath.Join(dir, "sub.eml"), 0o700); err != nil {
		t.Fatal(err)
	}

	src, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	msgs := slices.Collect(src.Messages())
	if len(msgs) != 2 {
		t.Fatalf("%d messages, want the 2 .eml files", len(msgs))
	}
	if !strings.HasPrefix(string(msgs[0].Raw), "Subject: first\r\n") || msgs[0].Folder != "INBOX" {
		t.Errorf("first message %q in %q", msgs[0].Raw, msgs[0].Folder)
	}
	if got := string(msgs[1].Raw); got != "Subject: second\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\n\r\nbody\r\n" {
		t.Errorf("second message %q, want CRLF endings", got)
	}
	if want := time.Date(2026, 3, 3, 10, 0, 0, 0, time.UTC); !msgs[1].Date.Equal(want) {
		t.Errorf("date %v, want %v", msgs[1].Date, want)
	}
	if time.Since(msgs[0].Date) > time.Minute {
		t.Errorf("a message without a Date got %v, want now", msgs[0].Date)
	}

	empty := t.TempDir()
	if _, err := ReadDir(empty); err == nil || !strings.Contains(err.Error(), "no .eml files") {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := ReadDir(filepath.Join(empty, "missing")); err == nil {
		t.Error("a missing folder read without an error")
	}
}

// A message the in-memory server cannot describe (a multipart without
// parts, on which go-imap's server panics and drops the connection) is
// left out with a warning instead of breaking every sync of its folder:
// the folder's other messages are fetched whole.
func TestUnservableMessageLeftOut(t *testing.T) {
	empty := "Subject: empty\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b--\r\n"
	if err := Servable([]byte(empty)); !errors.Is(err, ErrUnservable) {
		t.Fatalf("Servable(empty multipart) = %v", err)
	}
	src := SourceFunc(func() iter.Seq[Message] {
		return slices.Values([]Message{
			{Folder: "INBOX", Raw: []byte("Subject: before\r\n\r\nhi\r\n")},
			{Folder: "INBOX", Raw: []byte(empty)},
			{Folder: "INBOX", Raw: []byte("Subject: after\r\n\r\nhi\r\n")},
		})
	})
	d := start(t, Options{Source: src})
	if d.Messages != 2 || d.Skipped != 1 {
		t.Fatalf("%d added, %d skipped; want 2 and 1", d.Messages, d.Skipped)
	}
	c := imapLogin(t, d, d.TransportOptions())
	if _, err := c.Select(t.Context(), "INBOX", true); err != nil {
		t.Fatal(err)
	}
	var subjects []string
	err := c.FetchSummaries(t.Context(), goimap.UIDSet{{Start: 1, Stop: 0}}, 10, func(s imap.Summary) error {
		subjects = append(subjects, s.Envelope.Subject)
		return nil
	})
	if err != nil || !slices.Equal(subjects, []string{"before", "after"}) {
		t.Fatalf("fetched %q, %v", subjects, err)
	}
}
