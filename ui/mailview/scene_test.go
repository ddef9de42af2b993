package mailview

import (
	"slices"
	"testing"

	"wren/transport"
)

func TestOpenFirstOpensTheFirstResult(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	f.v.OpenFirst("invoice")
	f.q.run() // the search
	f.q.run() // the message it opened
	rows := f.v.model.Rows()
	if len(rows) != 1 || rows[0].Subject != "Invoice 3" {
		t.Fatalf("rows %q", subjects(rows))
	}
	if f.v.selectedMsg != rows[0].ID || !f.v.reader.content.Visible() {
		t.Fatalf("the first result is not open (selected %d)", f.v.selectedMsg)
	}
	// Only once: a later list does not open anything by itself.
	f.v.clearPane()
	f.v.runSearch("lunch")
	f.q.run()
	if f.v.selectedMsg != 0 {
		t.Fatal("a second search opened a message by itself")
	}
}

func TestShowFailureOpensItsExplanation(t *testing.T) {
	f := newFixture(t, standard(t), "work")
	err := &transport.Error{Code: transport.CodeCertExpired, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993"}
	f.v.ShowFailure("work", err)
	line := f.v.status.lines["work"]
	if !line.details.Visible() {
		t.Fatal("the status line shows no failure")
	}
	top := f.w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no explanation dialog")
	}
	if e := explainSync(err); !slices.Contains(labelTexts(top), e.Title) {
		t.Fatalf("dialog %q lacks %q", labelTexts(top), e.Title)
	}
}
