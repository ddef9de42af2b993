package compose

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account/outbox"
	"wren/transport"
)

func failedItem() outbox.Item {
	raw := "From: me@work.example\r\nTo: anna@example.org\r\nSubject: Report\r\nMessage-ID: <r1@work.example>\r\n" +
		"Content-Type: text/plain\r\n\r\nThe report.\r\n"
	return outbox.Item{ID: 7, Account: "Work", To: []string{"anna@example.org"}, Raw: []byte(raw), State: outbox.Failed,
		Err: &transport.Error{Code: transport.CodeRelayDenied, Protocol: transport.ProtoSMTP, Step: transport.StepMail, Err: errors.New("554 relay denied")}}
}

// A message refused for some recipients offers "Send to the others",
// which asks the session to send it to the accepted ones (issue #12).
func TestRefusedRecipientsOfferSendToOthers(t *testing.T) {
	f := newFake(t)
	it := failedItem()
	it.Err = &transport.Error{Code: transport.CodeRecipientUnknown, Protocol: transport.ProtoSMTP, Step: transport.StepRcpt,
		Recipient: "gone@example.org", Err: errors.New("550 rejected")}
	f.items = []outbox.Item{it}
	m, ev := newManager(t, f, Deps{})
	onUI(m, m.ShowOutbox)
	ev.wait(t, "outbox")
	buttons := rowButtons(m.outbox.box.Objects[0].(*fyne.Container))
	if !slices.Equal(buttonLabels(buttons), []string{"Why?", "Edit", "Retry", "Send to the others"}) {
		t.Fatalf("buttons: %v", buttonLabels(buttons))
	}
	onUI(m, func() { test.Tap(buttons[3]) })
	ev.wait(t, "outbox")
	f.mu.Lock()
	defer f.mu.Unlock()
	if !slices.Equal(f.toAccepted, []int64{7}) {
		t.Errorf("sent to the accepted recipients of %v", f.toAccepted)
	}
}

func TestFailureShowsExplanationAndOutbox(t *testing.T) {
	f := newFake(t)
	it := failedItem()
	f.items = []outbox.Item{it}
	m, ev := newManager(t, f, Deps{})
	m.outboxChanged(it)
	ev.wait(t, "outbox:failed")
	if m.lastExplained == nil || !m.bar.box.Visible() || !strings.Contains(m.bar.text.Text, "could not be sent") {
		t.Fatalf("failure: explained %v, bar %q", m.lastExplained != nil, m.bar.text.Text)
	}
	test.Tap(m.bar.outbox)
	ev.wait(t, "outbox")
	v := m.outbox
	if len(v.rows) != 1 || v.rows[0].subject != "Report" {
		t.Fatalf("outbox rows: %+v", v.rows)
	}
	buttons := rowButtons(v.box.Objects[0].(*fyne.Container))
	if !slices.Equal(buttonLabels(buttons), []string{"Why?", "Edit", "Retry"}) {
		t.Fatalf("buttons: %v", buttonLabels(buttons))
	}
	onUI(m, func() { test.Tap(buttons[2]) })
	ev.wait(t, "outbox")
	f.mu.Lock()
	retried := slices.Clone(f.retried)
	f.mu.Unlock()
	if !slices.Equal(retried, []int64{7}) {
		t.Errorf("retried %v", retried)
	}
	onUI(m, func() { test.Tap(buttons[1]) })
	w := ev.opened(t)
	if w.subject.Text != "Report" || w.to.Text != "anna@example.org" || !strings.Contains(w.body.Text, "The report.") {
		t.Errorf("edit: %q %q %q", w.subject.Text, w.to.Text, w.body.Text)
	}
}

func rowButtons(row *fyne.Container) []*widget.Button {
	var out []*widget.Button
	for _, o := range row.Objects {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b)
		}
	}
	return out
}

func buttonLabels(bs []*widget.Button) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.Text)
	}
	return out
}

// A message of a removed account stays in the outbox and says it is held
// until the account comes back.
func TestOutboxSaysHeldForRemovedAccount(t *testing.T) {
	f := newFake(t)
	it := failedItem()
	it.Account, it.State, it.Err = "Gone", outbox.Queued, nil
	f.items = []outbox.Item{it}
	m, ev := newManager(t, f, Deps{})
	onUI(m, m.ShowOutbox)
	ev.wait(t, "outbox")
	var text string
	onUI(m, func() { text = m.outbox.box.Objects[0].(*fyne.Container).Objects[0].(*widget.Label).Text })
	if !strings.HasPrefix(text, "Held until Gone is added again — Report") {
		t.Errorf("row: %q", text)
	}
}
