package explainview

import (
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"wren/account/explain"
	"wren/transport"
)

// A connection lost after the data: the message may have gone, Wren does
// not resend by itself, and the details carry the code and the server.
func TestViewOfMaybeSent(t *testing.T) {
	a := test.NewTempApp(t)
	err := &transport.Error{Code: transport.CodeMaybeSent, Protocol: transport.ProtoSMTP, Server: "smtp.example.com:587",
		Step: transport.StepData, MaybeSent: true, Err: errors.New("EOF")}
	e := explain.Explain(err, explain.Context{Operation: explain.OpSend})
	v := New(e, a.Clipboard())
	w := test.NewTempWindow(t, v.Content)
	_ = w

	if v.Title.Text == "" || v.Title.Text != e.Title || !strings.HasPrefix(v.Fix.Text, "What to do: ") {
		t.Fatalf("title %q fix %q", v.Title.Text, v.Fix.Text)
	}
	if !strings.Contains(v.Message.Text, "may already have been sent") {
		t.Errorf("message fate %q", v.Message.Text)
	}
	if v.Details.Items[0].Open {
		t.Error("technical details must start folded")
	}
	if !strings.Contains(v.Details.Items[0].Title, "SEND-18") {
		t.Errorf("details title %q lacks the code", v.Details.Items[0].Title)
	}
	test.Tap(v.Copy)
	got := a.Clipboard().Content()
	if !strings.Contains(got, "SEND-18") || !strings.Contains(got, "smtp.example.com:587") {
		t.Errorf("copied details %q", got)
	}
}

// Only https help links become links.
func TestHelpLinkOnlyHTTPS(t *testing.T) {
	a := test.NewTempApp(t)
	e := explain.Explanation{Code: "SMTP-06", Title: "t", Explanation: "x", Fix: "y", HelpURL: "https://support.google.com/accounts/answer/185833",
		Details: explain.Details{ServerText: "535 5.7.8 bad credentials"}}
	if v := New(e, a.Clipboard()); v.Help == nil || v.Help.URL.Host != "support.google.com" {
		t.Fatalf("https help link missing: %+v", v.Help)
	}
	e.HelpURL = "file:///etc/passwd"
	if v := New(e, a.Clipboard()); v.Help != nil {
		t.Fatal("a non-https link became clickable")
	}
}

func TestShowDialog(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	e := explain.Explain(&transport.Error{Code: transport.CodeRefused, Server: "mail.example.com:993"}, explain.Context{})
	d := Show(e, w, a.Clipboard())
	defer d.Hide()
	found := false
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if lbl, ok := o.(*widget.Label); ok && lbl.Text == e.Title {
			found = true
		}
	}
	if !found {
		t.Fatal("the dialog does not show the explanation's title")
	}
}
