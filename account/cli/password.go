package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// maxPassword bounds what is read from stdin for a password.
const maxPassword = 4096

var errNoPassword = errors.New("no password given: pass it on standard input with --password-stdin")

// readPassword takes the password from the first line of stdin when
// fromStdin is set, else asks on the terminal without echo.
func readPassword(stdin io.Reader, stderr io.Writer, fromStdin bool, prompt string) (string, error) {
	if fromStdin {
		line, err := bufio.NewReaderSize(io.LimitReader(stdin, maxPassword), maxPassword).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("reading the password: %w", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", errNoPassword
		}
		return pw, nil
	}
	f, ok := stdin.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", errNoPassword
	}
	fmt.Fprint(stderr, prompt)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(stderr)
	if err != nil {
		return "", fmt.Errorf("reading the password: %w", err)
	}
	if len(b) == 0 {
		return "", errNoPassword
	}
	return string(b), nil
}
