package outbox

import (
	"path/filepath"
	"testing"

	"wren/account/store"
	"wren/transport"
)

// The outbox over the real store survives a restart: a message queued,
// then failed, is there with its code after reopening the file.
func TestOnStoreSurvivesRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail.db")
	st, err := store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	sub := &fakeSubmit{script: []error{smtpErr("SEND-01", transport.RetryNo)}}
	o := &Outbox{Account: "me", Store: OnStore(st), Submit: sub}
	id, err := o.Queue(t.Context(), msg, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = store.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	o = &Outbox{Account: "me", Store: OnStore(st), Submit: &fakeSubmit{}}
	it, err := o.Store.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if it.State != Failed || transport.CodeOf(it.Err) != "SEND-01" || string(it.Raw) != string(msg.Raw) || it.To[0] != "you@example.com" {
		t.Fatalf("after restart: %+v", it)
	}
	if err := o.Retry(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if _, err := o.RunOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	if it, _ = o.Store.Get(t.Context(), id); it.State != Sent {
		t.Fatalf("after retry: %+v", it)
	}
}
