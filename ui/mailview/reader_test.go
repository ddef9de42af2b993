package mailview

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"wren/account/actions"
	"wren/account/store"
	"wren/transport/rfc822"
)

// fakeWhole serves a whole HTML message for any row.
type fakeWhole struct{ asked int }

func (f *fakeWhole) FetchText(context.Context, store.Message) (string, error) {
	return "", nil
}

func (f *fakeWhole) FetchMessage(_ context.Context, m store.Message) (*rfc822.Message, []byte, error) {
	f.asked++
	raw := []byte("From: " + m.From.Addr + "\r\nSubject: " + m.Subject + "\r\nContent-Type: text/html\r\n\r\n" +
		"<p>Whole <b>" + m.Subject + "</b></p><img src=\"https://cdn.example/x.png\" width=\"300\">\r\n")
	msg, err := rfc822.Parse(bytes.NewReader(raw), rfc822.Limits{})
	return msg, raw, err
}

// pendingRead is one scheduled mark-read.
type pendingRead struct {
	f       func()
	stopped bool
}

// withReadTimers replaces the mark-read timer for the test.
func withReadTimers(t *testing.T) *[]*pendingRead {
	var list []*pendingRead
	old := readAfter
	readAfter = func(_ time.Duration, f func()) func() {
		p := &pendingRead{f: f}
		list = append(list, p)
		return func() { p.stopped = true }
	}
	t.Cleanup(func() { readAfter = old })
	return &list
}

// The pane shows the whole message through the rich reader, marks it
// read after the delay through the actor, and moves with next/previous.
func TestReaderPaneWholeMessageReadAndNext(t *testing.T) {
	timers := withReadTimers(t)
	f := newFixture(t, standard(t), "work")
	actor := &fakeActor{}
	f.v.SetActor(actor)
	whole := &fakeWhole{}
	f.v.SetFetcher(whole)
	f.v.AddShortcuts(f.w.Canvas())
	f.open(t, "INBOX", 0) // "Invoice 3", unread
	if whole.asked != 1 {
		t.Fatalf("whole message asked %d times", whole.asked)
	}
	rd := f.v.reader.rd
	if got := rd.BodyText(); !strings.Contains(got, "Whole Invoice 3") {
		t.Errorf("body %q", got)
	}
	if !rd.Remote.Visible() || !strings.HasPrefix(rd.Remote.Text, "Remote content blocked: 1 host") {
		t.Errorf("trust line %q", rd.Remote.Text)
	}
	if len(*timers) != 1 || len(actor.calls) != 0 {
		t.Fatalf("timers %d, calls %v", len(*timers), actor.calls)
	}
	(*timers)[0].f()
	f.q.run()
	if len(actor.calls) != 1 || actor.calls[0].Kind != actions.Read || actor.calls[0].UIDs[0] != 3 {
		t.Fatalf("mark read: %+v", actor.calls)
	}

	// Ctrl+] opens the next row, Ctrl+[ the one before.
	f.w.Canvas().(fyne.Shortcutable).TypedShortcut(nextKey)
	f.q.run()
	if f.v.reader.subject.Text != "Quarterly report" {
		t.Fatalf("after next: %q", f.v.reader.subject.Text)
	}
	f.v.reader.rd.NextBtn.OnTapped()
	f.q.run()
	if f.v.reader.subject.Text != "Lunch on Friday" {
		t.Fatalf("after the Next button: %q", f.v.reader.subject.Text)
	}
	// Bob's timer was stopped when the pane moved on before the delay.
	if n := len(*timers); n != 2 || !(*timers)[1].stopped {
		t.Errorf("timers %d; the skipped message's stopped: %v", n, n > 1 && (*timers)[1].stopped)
	}
	(*timers)[1].f()
	f.q.run()
	if len(actor.calls) != 1 {
		t.Errorf("a skipped message was marked read: %+v", actor.calls)
	}
	f.w.Canvas().(fyne.Shortcutable).TypedShortcut(prevKey)
	f.q.run()
	if f.v.reader.subject.Text != "Quarterly report" {
		t.Errorf("after previous: %q", f.v.reader.subject.Text)
	}
}
