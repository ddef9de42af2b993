package outbox

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"wren/account"
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
	// A keyring failure at send keeps its kind (KEY-04, not an empty
	// list); any other failure keeps at least its words.
	kr := decodeErr(encodeErr(fmt.Errorf("password of smtp.example.test: %w", account.ErrNoPassword)))
	if !errors.Is(kr, account.ErrNoPassword) || !strings.Contains(kr.Error(), "smtp.example.test") {
		t.Errorf("keyring failure read back as %v", kr)
	}
	other := decodeErr(encodeErr(errors.New("disk trouble")))
	if other == nil || other.Error() != "disk trouble" {
		t.Errorf("other failure read back as %v", other)
	}
	if encodeErr(nil) != "" || decodeErr("") != nil {
		t.Error("no failure must store as nothing")
	}
}
