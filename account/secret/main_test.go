package secret

import (
	"os"
	"testing"
)

// The unit tests drive go-keyring's mock provider, which needs no bus;
// the bus check has tests of its own.
func TestMain(m *testing.M) {
	busCheck = func() error { return nil }
	os.Exit(m.Run())
}
