package mailview

import (
	"strings"
	"testing"

	"wren/transport"
)

// A passing sync failure promises the retry the sync runner makes; a
// failed login (which it never retries) promises none.
func TestSyncExplanationPromisesItsRetry(t *testing.T) {
	refused := explainSync(&transport.Error{Code: transport.CodeRefused, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993"})
	if !refused.AutoRetry || !strings.Contains(refused.Fix, "Wren will try again") {
		t.Errorf("refused: AutoRetry %v, fix %q", refused.AutoRetry, refused.Fix)
	}
	login := explainSync(&transport.Error{Code: transport.CodeIMAPAuthFailed, Protocol: transport.ProtoIMAP, Server: "imap.example.com:993"})
	if login.AutoRetry {
		t.Errorf("a refused login promises a retry: %+v", login)
	}
}
