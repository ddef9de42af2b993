package outbox

import (
	"errors"
	"testing"

	"wren/transport"
)

// A failure read back from the store names the same host, step, reply
// and refused recipients as when it happened (issue #12).
func TestStoredErrorKeepsItsFacts(t *testing.T) {
	refused := func(rcpt string, code transport.Code) error {
		return &transport.Error{Code: code, Protocol: transport.ProtoSMTP, Server: "smtp.example.test:465",
			Step: transport.StepRcpt, ServerCode: "550 5.1.1", ServerText: "User unknown", Recipient: rcpt, Err: errors.New("rejected")}
	}
	in := errors.Join(refused("a@x.test", transport.CodeRecipientUnknown), refused("b@x.test", transport.CodeRecipientFull))
	out := decodeErr(encodeErr(in))
	got := leaves(out)
	if len(got) != 2 {
		t.Fatalf("decoded %v, want two failures", out)
	}
	for i, rcpt := range []string{"a@x.test", "b@x.test"} {
		te, ok := transport.As(got[i])
		if !ok || te.Recipient != rcpt || te.Server != "smtp.example.test:465" || te.Step != transport.StepRcpt || te.ServerText != "User unknown" {
			t.Errorf("failure %d: %+v", i, te)
		}
	}
	if te, _ := transport.As(out); te.Code != transport.CodeRecipientUnknown {
		t.Errorf("first code %s", te.Code)
	}

	// What earlier versions stored: a bare code.
	old, ok := transport.As(decodeErr("SEND-18"))
	if !ok || old.Code != transport.CodeMaybeSent || !old.MaybeSent {
		t.Errorf("legacy code read as %+v", old)
	}
	if encodeErr(errors.New("no transport facts")) != "" || decodeErr("") != nil {
		t.Error("an error without transport facts must store as nothing")
	}
}
