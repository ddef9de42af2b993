package outbox

import (
	"context"
	"errors"
	"testing"
	"time"

	"wren/transport"
)

// fakeSubmit answers each attempt with the next error of its script and
// counts what it was given.
type fakeSubmit struct {
	script []error
	calls  int
	// onSubmit, when set, runs during the attempt (to look at the store).
	onSubmit func()
}

func (f *fakeSubmit) Submit(context.Context, Item) error {
	f.calls++
	if f.onSubmit != nil {
		f.onSubmit()
	}
	if len(f.script) == 0 {
		return nil
	}
	err := f.script[0]
	f.script = f.script[1:]
	return err
}

type fakeFile struct {
	fail  error
	calls int
}

func (f *fakeFile) FileSent(context.Context, Item) error { f.calls++; return f.fail }

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newOutbox(sub *fakeSubmit, file Filer) (*Outbox, *memStore, *clock) {
	st := newMemStore()
	c := &clock{t: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)}
	return &Outbox{Account: "me", Store: st, Submit: sub, File: file, Now: c.now}, st, c
}

var msg = Item{Account: "me", From: "me@example.com", To: []string{"you@example.com"}, Raw: []byte("Subject: hi\r\n\r\nhi\r\n")}

func TestUndoWindowThenSentOnce(t *testing.T) {
	sub, file := &fakeSubmit{}, &fakeFile{}
	o, st, c := newOutbox(sub, file)
	ctx := t.Context()
	id, err := o.Queue(ctx, msg, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := o.RunOnce(ctx); len(got) != 0 || sub.calls != 0 {
		t.Fatal("sent during the undo window")
	}
	c.t = c.t.Add(11 * time.Second)
	if _, err := o.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := o.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	it, _ := st.Get(ctx, id)
	if sub.calls != 1 || it.State != Sent || !it.SentCopy || file.calls != 1 {
		t.Fatalf("after two runs: %d submissions, %d copies, item %+v", sub.calls, file.calls, it)
	}
	if _, err := o.Undo(ctx, id); !errors.Is(err, ErrNotUndoable) {
		t.Errorf("undo after sending: %v", err)
	}
}

func TestUndo(t *testing.T) {
	sub := &fakeSubmit{}
	o, st, c := newOutbox(sub, nil)
	id, _ := o.Queue(t.Context(), msg, 10*time.Second)
	it, err := o.Undo(t.Context(), id)
	if err != nil || string(it.Raw) != string(msg.Raw) {
		t.Fatalf("undo: %v", err)
	}
	c.t = c.t.Add(time.Minute)
	o.RunOnce(t.Context())
	if sub.calls != 0 || len(st.items) != 0 {
		t.Fatal("an undone message was sent or kept")
	}
}

func smtpErr(code transport.Code, retry transport.Retry) error {
	return &transport.Error{Code: code, Protocol: transport.ProtoSMTP, Retry: retry, Err: errors.New("server said no")}
}

func TestTransientRetriesWithBackoffThenFails(t *testing.T) {
	busy := smtpErr("SMTP-01", transport.RetryYes)
	sub := &fakeSubmit{script: []error{busy, busy, busy}}
	o, st, c := newOutbox(sub, nil)
	o.Backoff = []time.Duration{time.Minute, 5 * time.Minute}
	ctx := t.Context()
	id, _ := o.Queue(ctx, msg, 0)
	o.RunOnce(ctx)
	it, _ := st.Get(ctx, id)
	if it.State != Queued || !it.Due.Equal(c.t.Add(time.Minute)) {
		t.Fatalf("after a transient failure: %+v", it)
	}
	o.RunOnce(ctx) // not due yet
	c.t = c.t.Add(time.Minute)
	o.RunOnce(ctx)
	c.t = c.t.Add(5 * time.Minute)
	o.RunOnce(ctx)
	it, _ = st.Get(ctx, id)
	if sub.calls != 3 || it.State != Failed || transport.CodeOf(it.Err) != "SMTP-01" {
		t.Fatalf("after the backoff ran out: %d attempts, %+v", sub.calls, it)
	}
	// The user retries: it goes out.
	if err := o.Retry(ctx, id); err != nil {
		t.Fatal(err)
	}
	o.RunOnce(ctx)
	if it, _ = st.Get(ctx, id); it.State != Sent {
		t.Fatalf("after Retry: %+v", it)
	}
}

func TestPermanentFailureKeepsMessage(t *testing.T) {
	sub := &fakeSubmit{script: []error{smtpErr("SEND-01", transport.RetryNo)}}
	o, st, _ := newOutbox(sub, nil)
	id, _ := o.Queue(t.Context(), msg, 0)
	o.RunOnce(t.Context())
	o.RunOnce(t.Context())
	it, _ := st.Get(t.Context(), id)
	if sub.calls != 1 || it.State != Failed || string(it.Raw) != string(msg.Raw) {
		t.Fatalf("%d attempts, %+v", sub.calls, it)
	}
}

// A connection lost after the data may have delivered the message: it is
// never resent until the user says so.
func TestMaybeSentNeverResentBlindly(t *testing.T) {
	lost := &transport.Error{Code: transport.CodeMaybeSent, Protocol: transport.ProtoSMTP, MaybeSent: true, Retry: transport.RetryYes, Err: errors.New("EOF")}
	sub := &fakeSubmit{script: []error{lost}}
	o, st, c := newOutbox(sub, nil)
	id, _ := o.Queue(t.Context(), msg, 0)
	for range 3 {
		o.RunOnce(t.Context())
		c.t = c.t.Add(time.Hour)
	}
	it, _ := st.Get(t.Context(), id)
	if sub.calls != 1 || it.State != Unknown {
		t.Fatalf("%d attempts, %+v", sub.calls, it)
	}
}

// A crash during the attempt leaves the item Sending; at the next start
// it becomes Unknown and is not resent.
func TestCrashDuringSendIsUnknown(t *testing.T) {
	st := newMemStore()
	var seen State
	sub := &fakeSubmit{}
	o := &Outbox{Account: "me", Store: st, Submit: sub}
	id, _ := o.Queue(t.Context(), msg, 0)
	sub.onSubmit = func() { it, _ := st.Get(context.Background(), id); seen = it.State }
	o.RunOnce(t.Context())
	if seen != Sending {
		t.Fatalf("state during the attempt = %q, want it saved as sending first", seen)
	}
	it, _ := st.Get(t.Context(), id)
	it.State = Sending // as if Wren died mid-send
	st.Update(t.Context(), it)
	st.me = "restarted" // a new process: the one that claimed it is gone
	restarted := &Outbox{Account: "me", Store: st, Submit: sub}
	if err := restarted.Recover(t.Context()); err != nil {
		t.Fatal(err)
	}
	restarted.RunOnce(t.Context())
	if it, _ = st.Get(t.Context(), id); it.State != Unknown || sub.calls != 1 || transport.CodeOf(it.Err) != transport.CodeMaybeSent {
		t.Fatalf("after restart: %+v, %d submissions", it, sub.calls)
	}
}

func TestSentCopyRetried(t *testing.T) {
	file := &fakeFile{fail: errors.New("imap down")}
	o, st, _ := newOutbox(&fakeSubmit{}, file)
	id, _ := o.Queue(t.Context(), msg, 0)
	o.RunOnce(t.Context())
	it, _ := st.Get(t.Context(), id)
	if it.State != Sent || it.SentCopy || transport.CodeOf(it.Err) != transport.CodeSentCopyFailed {
		t.Fatalf("copy failed: %+v", it)
	}
	file.fail = nil
	o.RunOnce(t.Context())
	if it, _ = st.Get(t.Context(), id); !it.SentCopy || it.Err != nil || file.calls != 2 {
		t.Fatalf("copy retried: %+v", it)
	}
}

func TestCancelledAttemptGoesBack(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	sub := &fakeSubmit{}
	sub.onSubmit = cancel
	sub.script = []error{context.Canceled}
	o, st, _ := newOutbox(sub, nil)
	id, _ := o.Queue(t.Context(), msg, 0)
	o.RunOnce(ctx)
	if it, _ := st.Get(t.Context(), id); it.State != Queued || it.Attempts != 0 {
		t.Fatalf("after cancel: %+v", it)
	}
}

// Wren stops after the server accepted the message but before the Sent
// copy: the next start files the copy and never submits again.
func TestCrashBetweenSubmissionAndSentCopy(t *testing.T) {
	st := newMemStore()
	sub := &fakeSubmit{}
	file := &fakeFile{}
	o := &Outbox{Account: "me", Store: st, Submit: sub, File: file}
	id, _ := o.Queue(t.Context(), msg, 0)
	// The first run dies inside the copy, after the submission: the
	// copy never completes.
	file.fail = errors.New("process killed")
	it, claimed, err := o.send(t.Context(), mustGet(t, st, id), "me")
	if err != nil || !claimed || it.State != Sent || it.SentCopy {
		t.Fatalf("after the interrupted copy: %+v, %v, %v", it, claimed, err)
	}
	st.me = "restarted"
	restarted := &Outbox{Account: "me", Store: st, Submit: sub, File: &fakeFile{}}
	if err := restarted.Recover(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := restarted.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	it = mustGet(t, st, id)
	if sub.calls != 1 || it.State != Sent || !it.SentCopy {
		t.Fatalf("after restart: %d submissions, %+v", sub.calls, it)
	}
}

func mustGet(t *testing.T, st *memStore, id int64) Item {
	t.Helper()
	it, err := st.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// One store holds every account's outbox, but a message leaves only
// through the account it was queued for: another account's outbox never
// submits, files or recovers it (issue #17).
func TestOtherAccountsMessagesUntouched(t *testing.T) {
	sub, file := &fakeSubmit{}, &fakeFile{}
	mine, st, c := newOutbox(sub, file)
	other := &Outbox{Account: "other", Store: st, Submit: &fakeSubmit{}, Now: c.now}
	theirs := msg
	theirs.Account = "other"
	id, err := other.Queue(t.Context(), theirs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mine.Queue(t.Context(), theirs, 0); err == nil {
		t.Error("an outbox queued another account's message")
	}
	if _, err := mine.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if err := mine.Recover(t.Context()); err != nil {
		t.Fatal(err)
	}
	if sub.calls != 0 || file.calls != 0 {
		t.Fatalf("the outbox of me submitted %d and filed %d of other's messages", sub.calls, file.calls)
	}
	it, err := st.Get(t.Context(), id)
	if err != nil || it.State != Queued || it.Attempts != 0 {
		t.Fatalf("other's message after my run: %+v, %v", it, err)
	}
}

// Another running process (the window beside the command line) is
// sending a message: this process neither marks it interrupted nor sends
// it, nor files its Sent copy; once that process is gone, it does.
func TestLiveClaimantsWorkIsLeftToIt(t *testing.T) {
	st := newMemStore()
	sub, file := &fakeSubmit{}, &fakeFile{}
	o := &Outbox{Account: "me", Store: st, Submit: sub, File: file}
	sending, _ := o.Queue(t.Context(), msg, 0)
	filing, _ := o.Queue(t.Context(), msg, 0)
	it := mustGet(t, st, sending)
	it.State, it.Attempts, it.Owner = Sending, 1, "window"
	st.Update(t.Context(), it)
	it = mustGet(t, st, filing)
	it.State, it.Attempts, it.Owner = Sent, 1, "window"
	st.Update(t.Context(), it)
	st.live["window"] = true

	if err := o.Recover(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n, err := RecoverInterrupted(t.Context(), st); n != 0 || err != nil {
		t.Fatalf("RecoverInterrupted = %d, %v; want nothing marked", n, err)
	}
	if out, err := o.RunOnce(t.Context()); err != nil || len(out) != 0 {
		t.Fatalf("RunOnce touched %d items (%v); want none", len(out), err)
	}
	if got := mustGet(t, st, sending); got.State != Sending || got.Owner != "window" {
		t.Fatalf("the live process's send became %s of %q", got.State, got.Owner)
	}
	if sub.calls != 0 || file.calls != 0 {
		t.Fatalf("%d submissions, %d Sent copies; want none", sub.calls, file.calls)
	}
	if err := Discard(t.Context(), st, sending); !errors.Is(err, ErrBeingSent) {
		t.Fatalf("Discard of a message being sent = %v; want ErrBeingSent", err)
	}

	delete(st.live, "window") // killed
	if n, err := RecoverInterrupted(t.Context(), st); n != 1 || err != nil {
		t.Fatalf("RecoverInterrupted after the window died = %d, %v; want 1", n, err)
	}
	if _, err := o.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, st, sending); got.State != Unknown {
		t.Fatalf("the dead process's send is %s; want unknown (never resent blindly)", got.State)
	}
	if got := mustGet(t, st, filing); !got.SentCopy || got.Owner != "me" || file.calls != 1 || sub.calls != 0 {
		t.Fatalf("the dead process's Sent copy: %+v, %d copies, %d submissions", got, file.calls, sub.calls)
	}
}

// Undo loses to a send that claimed the message first.
func TestUndoAfterAnotherProcessClaimed(t *testing.T) {
	st := newMemStore()
	o := &Outbox{Account: "me", Store: st, Submit: &fakeSubmit{}}
	id, _ := o.Queue(t.Context(), msg, time.Minute)
	read := mustGet(t, st, id)
	claimed := read
	claimed.State, claimed.Attempts, claimed.Owner = Sending, 1, "cli"
	st.Update(t.Context(), claimed)
	if ok, _ := st.RemoveIf(t.Context(), read); ok {
		t.Fatal("a message read as queued was removed after another process claimed it")
	}
	if _, err := o.Undo(t.Context(), id); !errors.Is(err, ErrNotUndoable) {
		t.Fatalf("Undo of a claimed message = %v; want ErrNotUndoable", err)
	}
	if _, err := st.Get(t.Context(), id); err != nil {
		t.Fatalf("the claimed message is gone: %v", err)
	}
}
