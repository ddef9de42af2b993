package verify

import (
	"testing"

	"go.uber.org/goleak"
)

// No probe or login may leave a goroutine behind once a test's servers
// are closed.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
