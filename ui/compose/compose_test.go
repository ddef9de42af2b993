package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account/drafts"
	"wren/account/store"
	"wren/transport/rfc822"
)

func original() *rfc822.Message {
	return &rfc822.Message{
		From:      []rfc822.Address{{Name: "Anna Berg", Address: "anna@example.org"}},
		To:        []rfc822.Address{{Name: "Me", Address: "me@work.example"}, {Address: "bob@example.org"}},
		Cc:        []rfc822.Address{{Address: "carol@example.org"}, {Address: "SALES@work.example"}},
		Subject:   "Budget",
		Date:      time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC),
		MessageID: "budget-1@example.org",
		Text:      "Can you send the figures?\nThanks",
	}
}

func TestReplyFillsToSubjectAndQuote(t *testing.T) {
	f := newFake(t)
	f.message = original()
	m, ev := newManager(t, f, Deps{})
	m.Reply(store.Message{Account: "Work"}, false)
	w := ev.opened(t)
	if w.to.Text != "Anna Berg <anna@example.org>" {
		t.Errorf("To = %q", w.to.Text)
	}
	if w.cc.Text != "" {
		t.Errorf("Cc of a plain reply = %q", w.cc.Text)
	}
	if w.subject.Text != "Re: Budget" {
		t.Errorf("Subject = %q", w.subject.Text)
	}
	for _, want := range []string{"On Sun, 1 Mar 2026 09:30, Anna Berg wrote:\n", "> Can you send the figures?\n> Thanks", "-- \nMe at Work"} {
		if !strings.Contains(w.body.Text, want) {
			t.Errorf("body lacks %q:\n%s", want, w.body.Text)
		}
	}
	if got := w.choices[w.cur].id.Address; got != "me@work.example" {
		t.Errorf("From = %s, want the identity it was sent to", got)
	}
	if len(w.inReplyTo) != 1 || w.inReplyTo[0] != "budget-1@example.org" {
		t.Errorf("In-Reply-To = %v", w.inReplyTo)
	}
}

func TestReplyAllExcludesOwnAddresses(t *testing.T) {
	f := newFake(t)
	f.message = original()
	m, ev := newManager(t, f, Deps{})
	m.Reply(store.Message{Account: "Work"}, true)
	w := ev.opened(t)
	all := strings.ToLower(w.to.Text + ", " + w.cc.Text)
	for _, own := range []string{"me@work.example", "sales@work.example", "me@home.example"} {
		if strings.Contains(all, own) {
			t.Errorf("reply all addresses the user's own %s: To %q Cc %q", own, w.to.Text, w.cc.Text)
		}
	}
	for _, other := range []string{"anna@example.org", "bob@example.org", "carol@example.org"} {
		if !strings.Contains(all, other) {
			t.Errorf("reply all misses %s: To %q Cc %q", other, w.to.Text, w.cc.Text)
		}
	}
}

func TestReplyQuotesHTMLOnlyMailAsText(t *testing.T) {
	f := newFake(t)
	msg := original()
	msg.Text, msg.HTML = "", "<p>Hello <b>there</b></p><script>x()</script>"
	f.message = msg
	m, ev := newManager(t, f, Deps{})
	m.Reply(store.Message{Account: "Work"}, false)
	w := ev.opened(t)
	if !strings.Contains(w.body.Text, "> Hello there") || strings.Contains(w.body.Text, "<") {
		t.Errorf("quote of HTML-only mail:\n%s", w.body.Text)
	}
}

func TestForwardKeepsTextAndSubject(t *testing.T) {
	f := newFake(t)
	msg := original()
	msg.Attachments = []*rfc822.Attachment{{Filename: "figures.csv", ContentType: "text/csv", Data: []byte("a,b\n")}}
	f.message = msg
	m, ev := newManager(t, f, Deps{})
	m.Forward(store.Message{Account: "Work"})
	w := ev.opened(t)
	if w.subject.Text != "Fwd: Budget" || w.to.Text != "" {
		t.Errorf("forward: subject %q to %q", w.subject.Text, w.to.Text)
	}
	if !strings.Contains(w.body.Text, "Can you send the figures?") || len(w.atts) != 1 || w.atts[0].name != "figures.csv" {
		t.Errorf("forward body/attachments: %q %v", w.body.Text, w.atts)
	}
}

func TestInvalidAddressBlocksSend(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	w.to.SetText("anna@example.org, bob")
	w.bcc.SetText("carol@example")
	w.subject.SetText("Hi")
	w.Send()
	if len(f.sentDrafts()) != 0 {
		t.Fatal("a message with invalid addresses was sent")
	}
	if !strings.Contains(w.status.Text, `To: "bob" has no @`) || !strings.Contains(w.status.Text, `Bcc: "carol@example" the part after @ is not a valid domain`) {
		t.Errorf("status = %q", w.status.Text)
	}
	if len(w.to.problems) != 1 || len(w.bcc.problems) != 1 || len(w.cc.problems) != 0 {
		t.Errorf("marked: to %v cc %v bcc %v", w.to.problems, w.cc.problems, w.bcc.problems)
	}
	// Fixing the field clears its mark.
	w.to.SetText("anna@example.org")
	if w.to.problems != nil {
		t.Errorf("mark kept after an edit: %v", w.to.problems)
	}
}

func TestNoRecipientBlocksSend(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	w.Send()
	if len(f.sentDrafts()) != 0 || !strings.Contains(w.status.Text, "at least one recipient") {
		t.Errorf("sent %d, status %q", len(f.sentDrafts()), w.status.Text)
	}
}

func writeFile(t *testing.T, name string, size int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, make([]byte, size), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAttachmentsAddRemoveAndSizeWarning(t *testing.T) {
	f := newFake(t)
	f.limit = 20 << 10
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	if w.limit != 20<<10 {
		t.Fatalf("limit = %d, want the server's", w.limit)
	}
	small, big := writeFile(t, "notes.txt", 1200), writeFile(t, "photo.jpg", 30<<10)
	w.addPaths([]string{small})
	ev.wait(t, "attached")
	if len(w.atts) != 1 || len(w.attachBox.Objects) != 1 || w.sizeWarn.Visible() {
		t.Fatalf("after one small file: %d atts, %d rows, warning %v", len(w.atts), len(w.attachBox.Objects), w.sizeWarn.Visible())
	}
	if w.atts[0].size != 1200 || !strings.Contains(rowText(w, 0), "notes.txt — 1 KB") {
		t.Errorf("row = %q (size %d)", rowText(w, 0), w.atts[0].size)
	}
	w.addPaths([]string{big})
	ev.wait(t, "attached")
	if len(w.atts) != 2 || !w.sizeWarn.Visible() || !strings.Contains(w.sizeWarn.Text, "Too large") {
		t.Fatalf("over the limit: %d atts, warning %v %q", len(w.atts), w.sizeWarn.Visible(), w.sizeWarn.Text)
	}
	w.to.SetText("anna@example.org")
	w.Send()
	if len(f.sentDrafts()) != 0 || !strings.Contains(w.status.Text, "more than the 20 KB") {
		t.Errorf("over the limit: sent %d, status %q", len(f.sentDrafts()), w.status.Text)
	}
	w.removeAttachment(1)
	if len(w.atts) != 1 || w.atts[0].name != "notes.txt" || w.sizeWarn.Visible() {
		t.Errorf("after removing: %v, warning %v", w.atts, w.sizeWarn.Visible())
	}
}

func TestDefaultSizeLimitWhenServerNamesNone(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	if w := ev.opened(t); w.limit != defaultLimit {
		t.Errorf("limit = %d, want %d", w.limit, defaultLimit)
	}
}

func rowText(w *Window, i int) string {
	row := w.attachBox.Objects[i].(*fyne.Container)
	for _, o := range row.Objects {
		if l, ok := o.(*widget.Label); ok {
			return l.Text
		}
	}
	return ""
}

func TestDropAddsFile(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	p := writeFile(t, "report.pdf", 3000)
	web, err := storage.ParseURI("https://example.org/x")
	if err != nil {
		t.Fatal(err)
	}
	w.dropped(fyne.NewPos(10, 10), []fyne.URI{storage.NewFileURI(p), web})
	ev.wait(t, "attached")
	if len(w.atts) != 1 || w.atts[0].path != p || w.atts[0].ctype != "application/pdf" {
		t.Errorf("dropped: %+v", w.atts)
	}
}

func TestForgotAttachmentAsks(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	w.to.SetText("anna@example.org")
	w.subject.SetText("Figures")
	w.body.SetText("Hi Anna,\nthe figures are attached.\n" + w.body.Text)
	w.Send()
	c, ok := w.dialog.(*dialog.ConfirmDialog)
	if !ok {
		t.Fatalf("no question before sending; dialog %T", w.dialog)
	}
	if len(f.sentDrafts()) != 0 {
		t.Fatal("sent before the answer")
	}
	c.Confirm()
	ev.wait(t, "closed")
	sent := f.sentDrafts()
	if len(sent) != 1 || sent[0].Subject != "Figures" || sent[0].To[0].Address != "anna@example.org" {
		t.Fatalf("sent: %+v", sent)
	}
	if _, err := f.drafts.Get(w.draftID); err == nil {
		t.Error("the draft of a sent message is kept")
	}
	if !m.bar.box.Visible() || !strings.Contains(m.bar.text.Text, "Sending in 10 s") || !m.bar.undo.Visible() {
		t.Errorf("bar: %v %q", m.bar.box.Visible(), m.bar.text.Text)
	}
}

func TestForgotAttachmentDeclineKeepsComposer(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	w.to.SetText("anna@example.org")
	w.body.SetText("I attach the list")
	w.Send()
	w.dialog.(*dialog.ConfirmDialog).Dismiss()
	if len(f.sentDrafts()) != 0 || w.closed {
		t.Errorf("declined: sent %d, closed %v", len(f.sentDrafts()), w.closed)
	}
}

func TestFormattingSendsHTML(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	w.to.SetText("anna@example.org")
	w.body.SetText("a *bold* word")
	w.format.SetChecked(true)
	w.Send()
	ev.wait(t, "closed")
	sent := f.sentDrafts()
	if len(sent) != 1 || !strings.Contains(sent[0].HTML, "<b>bold</b>") || sent[0].Text != "a *bold* word" {
		t.Errorf("sent: %+v", sent)
	}
}

func TestSignatureFollowsIdentity(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	w.body.SetText("Hello\n" + w.body.Text)
	w.from.SetSelectedIndex(1) // Sales
	if strings.Contains(w.body.Text, "Me at Work") || !strings.Contains(w.body.Text, "Hello\n\n\n-- \nSales team") {
		t.Errorf("after switching to Sales:\n%q", w.body.Text)
	}
	w.from.SetSelectedIndex(2) // Home: no signature
	if strings.Contains(w.body.Text, "Sales team") || !strings.HasPrefix(w.body.Text, "Hello") {
		t.Errorf("after switching to Home:\n%q", w.body.Text)
	}
	ev.wait(t, "limit")
	w.from.SetSelectedIndex(0)
	if !strings.Contains(w.body.Text, "-- \nMe at Work") {
		t.Errorf("back to Work:\n%q", w.body.Text)
	}
	ev.wait(t, "limit")
}

func TestAutocompleteKeyboard(t *testing.T) {
	f := newFake(t)
	f.contacts = []store.Contact{
		{Address: store.Address{Name: "Anna Berg", Addr: "anna@example.org"}},
		{Address: store.Address{Name: "Andreas", Addr: "andreas@example.org"}},
		{Address: store.Address{Name: "Bob", Addr: "bob@example.org"}},
	}
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	onUI(m, func() { w.to.SetText("carol@example.org, an") }) // one change: one lookup
	ev.wait(t, "suggest")
	if !w.to.popupShown() || len(w.suggest.items) != 2 {
		t.Fatalf("suggestions: shown %v, %v", w.to.popupShown(), w.suggest.items)
	}
	onUI(m, func() {
		w.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
		w.to.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	if w.to.Text != "carol@example.org, Andreas <andreas@example.org>, " || w.to.popupShown() {
		t.Errorf("after choosing: %q (popup %v)", w.to.Text, w.to.popupShown())
	}
	onUI(m, func() { w.to.SetText(w.to.Text + "zz") })
	ev.wait(t, "suggest")
	if w.to.popupShown() {
		t.Error("popup shown without matches")
	}
}

func TestDraftAutosaveAndClose(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{DraftDelay: 20 * time.Millisecond})
	m.New()
	w := ev.opened(t)
	test.Type(w.subject, "Plans")
	w.to.SetText("anna@exa") // half typed: kept as typed
	id := w.draftID
	eventually(t, "the draft is saved", func() bool {
		d, err := f.drafts.Get(id)
		return err == nil && d.Subject == "Plans" && d.To == "anna@exa" && d.Account == "Work"
	})
	w.RequestClose()
	if len(w.closeButtons) != 3 {
		t.Fatal("closing a written draft did not ask")
	}
	test.Tap(w.closeButtons[0]) // Save draft
	ev.wait(t, "closed")
	if d, err := f.drafts.Get(id); err != nil || d.Subject != "Plans" {
		t.Errorf("saved draft: %+v %v", d, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.copies != 1 {
		t.Errorf("%d requests to copy the kept draft to the server, want 1", f.copies)
	}
}

func TestDraftDiscardOnClose(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{DraftDelay: time.Hour})
	m.New()
	w := ev.opened(t)
	w.subject.SetText("Nothing")
	w.RequestClose()
	test.Tap(w.closeButtons[1]) // Discard
	ev.wait(t, "closed")
	if _, err := f.drafts.Get(w.draftID); err == nil {
		t.Error("a discarded draft is kept")
	}
}

func TestEmptyDraftClosesWithoutAsking(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{DraftDelay: time.Millisecond})
	m.New()
	w := ev.opened(t)
	test.Type(w.subject, "x")
	w.subject.SetText("")
	w.RequestClose()
	ev.wait(t, "closed")
	if w.closeButtons != nil || !w.closed {
		t.Error("an empty draft asked before closing")
	}
	if _, err := f.drafts.Get(w.draftID); err == nil {
		t.Error("an empty draft is kept")
	}
}

func TestRecoveredDraftsOffered(t *testing.T) {
	f := newFake(t)
	att := writeFile(t, "plan.txt", 10)
	d := drafts.Draft{ID: drafts.NewID(), Account: "Home", From: "me@home.example", To: "anna@example.org, bo",
		Subject: "Left over", Body: "half a sentence", Attach: []string{att}}
	if err := f.drafts.Save(d); err != nil {
		t.Fatal(err)
	}
	f.recovered = []drafts.Draft{d}
	m, ev := newManager(t, f, Deps{})
	m.OfferRecovered()
	ev.wait(t, "recovered")
	if m.recovered == nil || m.recovered.text != "Wren found 1 unsent draft from last time." {
		t.Fatalf("offer: %+v", m.recovered)
	}
	test.Tap(m.recovered.open)
	w := ev.opened(t, "attached")
	if w.draftID != d.ID || w.subject.Text != "Left over" || w.to.Text != "anna@example.org, bo" ||
		w.account() != "Home" || len(w.atts) != 1 || w.atts[0].path != att {
		t.Errorf("reopened: id %s subject %q to %q account %s atts %v", w.draftID, w.subject.Text, w.to.Text, w.account(), w.atts)
	}
}

func TestRecoveredDraftsDiscard(t *testing.T) {
	f := newFake(t)
	d := drafts.Draft{ID: drafts.NewID(), Account: "Work", Subject: "Old"}
	if err := f.drafts.Save(d); err != nil {
		t.Fatal(err)
	}
	f.recovered = []drafts.Draft{d}
	m, ev := newManager(t, f, Deps{})
	m.OfferRecovered()
	ev.wait(t, "recovered")
	test.Tap(m.recovered.discard)
	ev.wait(t, "discarded")
	if _, err := f.drafts.Get(d.ID); err == nil {
		t.Error("discarded draft kept")
	}
}

func TestMailtoFillsAndIgnoresAttach(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	w := m.Mailto("mailto:someone@example.com?subject=Hi%20there&attach=/etc/passwd&body=Hello")
	ev.opened(t)
	if w.to.Text != "someone@example.com" || w.subject.Text != "Hi there" || !strings.HasPrefix(w.body.Text, "Hello") {
		t.Errorf("fields: to %q subject %q body %q", w.to.Text, w.subject.Text, w.body.Text)
	}
	if len(w.atts) != 0 {
		t.Errorf("attach= attached %v", w.atts)
	}
	if !w.note.Visible() || !strings.Contains(w.note.Text, "attach") {
		t.Errorf("note: %v %q", w.note.Visible(), w.note.Text)
	}
}

func TestUndoReopensWithAttachmentPaths(t *testing.T) {
	f := newFake(t)
	m, ev := newManager(t, f, Deps{})
	m.New()
	w := ev.opened(t)
	p := writeFile(t, "a.txt", 5)
	w.addPaths([]string{p})
	ev.wait(t, "attached")
	w.to.SetText("anna@example.org")
	w.subject.SetText("Take back")
	w.Send()
	ev.wait(t, "closed")
	test.Tap(m.bar.undo)
	w2 := ev.wait(t, "undone")
	if w2.subject.Text != "Take back" || len(w2.atts) != 1 || w2.atts[0].path != p {
		t.Errorf("reopened: %q %+v", w2.subject.Text, w2.atts)
	}
	if len(m.sent) != 0 || m.bar.box.Visible() {
		t.Errorf("after undo: sent %v, bar %v", m.sent, m.bar.box.Visible())
	}
}
