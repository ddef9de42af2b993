package cli_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// caBundle writes the given PEM certificates into one file, the
// SSL_CERT_FILE a test gives the real program.
func caBundle(t *testing.T, pems ...[]byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(path, bytes.Join(pems, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// readPEM reads a certificate file (the test servers' CA).
func readPEM(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// wrenRunner runs the real program bin trusting caFile, with the global
// flags base (--profile DIR, --dns ADDR) before each command's arguments
// and stdin as its standard input.
func wrenRunner(bin, caFile string, base ...string) func(ctx context.Context, stdin string, args ...string) *exec.Cmd {
	return func(ctx context.Context, stdin string, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, append(append([]string{}, base...), args...)...)
		cmd.Stdin = bytes.NewBufferString(stdin)
		cmd.Env = append(os.Environ(), "SSL_CERT_FILE="+caFile)
		return cmd
	}
}
