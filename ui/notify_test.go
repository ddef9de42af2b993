package ui

import (
	"testing"

	"wren/account/session"
	"wren/account/store"
)

// A new-mail notification shows bidi and invisible characters of the
// sender and subject, never obeys them (issue #17).
func TestNewMailWordsNeutralizeBidi(t *testing.T) {
	n := session.NewMail{Count: 1, Newest: store.Message{
		From:    store.Address{Name: "Support\u202e", Addr: "a@evil.test"},
		Subject: "Pay \u200binvoice\u202egnp.exe",
	}}
	got := newMailWords(n)
	want := "1 new message — From: Support⟨U+202E⟩, Subject: Pay ⟨U+200B⟩invoice⟨U+202E⟩gnp.exe"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
