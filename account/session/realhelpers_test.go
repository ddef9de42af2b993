package session

import (
	"context"
	"testing"
	"time"

	"wren/account/imapsync"
)

// guard is a context for a real-server test: a wait that never ends
// fails instead of hanging until go test's own timeout. It is not a
// measure of speed.
func guard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// onlineReports returns a function that waits for the session's next
// report of an account online.
func onlineReports(t *testing.T, ctx context.Context, s *Session) func() {
	online := make(chan struct{}, 16)
	s.OnStatus(func(_ string, st imapsync.Status) {
		if st.State == imapsync.StateOnline {
			select {
			case online <- struct{}{}:
			default:
			}
		}
	})
	return func() {
		t.Helper()
		select {
		case <-online:
		case <-ctx.Done():
			t.Fatal("the account never reported online")
		}
	}
}
