// Package cli is the `wren` command line: the same headless core the GUI
// uses (discovery, verification, profile, keyring, explanations), driven
// by arguments and printing text for people or JSON for scripts.
package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"

	"wren/account/login"
)

// IO is where a command reads and writes, so tests run commands
// in-process.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment (WREN_PROFILE); nil means no variables.
	Getenv func(string) string
	Logger *slog.Logger
}

// Commands lists the words that make `wren` a command-line call instead of
// opening the window.
var Commands = []string{"doctor", "account", "sync", "send", "outbox", "search", "import", "export", "help"}

// IsCommand reports whether args (without the program name) ask for a
// command-line command rather than the GUI.
func IsCommand(args []string) bool {
	_, cmd, _ := splitGlobals(args)
	for _, c := range Commands {
		if cmd == c {
			return true
		}
	}
	return false
}

// splitGlobals finds the command word after leading global options.
func splitGlobals(args []string) (before []string, cmd string, after []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if !strings.HasPrefix(a, "-") {
			return args[:i], a, args[i+1:]
		}
		if (a == "--profile" || a == "-profile" || a == "--dns" || a == "-dns") && i+1 < len(args) {
			i++
		}
	}
	return args, "", nil
}

// Run runs one command and returns the process exit code: 0 success, 1 the
// command ran and failed (e.g. the account does not work), 2 bad usage.
func Run(ctx context.Context, args []string, io IO, env Env) int {
	if io.Getenv == nil {
		io.Getenv = func(string) string { return "" }
	}
	if io.Logger == nil {
		io.Logger = slog.New(slog.DiscardHandler)
	}
	var g globals
	before, cmd, after := splitGlobals(args)
	fs := newFlagSet("wren", io.Stderr)
	g.register(fs)
	if _, err := parse(fs, before); err != nil {
		return 2
	}
	c := &cmdContext{ctx: ctx, io: io, env: env, g: g}
	switch cmd {
	case "doctor":
		return c.doctor(after)
	case "account":
		return c.account(after)
	case "sync":
		return c.syncCmd(after)
	case "send":
		return c.sendCmd(after)
	case "outbox":
		return c.outboxCmd(after)
	case "search":
		return c.searchCmd(after)
	case "import":
		return c.importCmd(after)
	case "export":
		return c.exportCmd(after)
	case "help", "":
		usage(io.Stdout)
		return 0
	}
	fmt.Fprintf(io.Stderr, "wren: unknown command %q\n", cmd)
	usage(io.Stderr)
	return 2
}

type cmdContext struct {
	ctx context.Context
	io  IO
	env Env
	g   globals

	loginsOnce sync.Once
	logins     *login.Logins
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Usage:
  wren                              open the mail window
  wren --demo                       open the window on the built-in demo account
  wren [--profile DIR] [--dns HOST:PORT] COMMAND ...

Commands:
  doctor ADDRESS [--password-stdin] [--json] [--confirm HOST]... [--trust-cert SHA256]...
        find and check the settings of an address; exit 0 only when the account works
  account add ADDRESS [--password-stdin | --oauth [--no-browser]] [--name N] [--incoming URL] [--outgoing URL]
        [--username U] [--no-auth] [--insecure-plaintext] [--confirm HOST]... [--trust-cert SHA256]... [--json]
        set up an account (URLs: imaps://, imap://, pop3s://, pop3://, smtps://, smtp://)
  account list [--json]
  account remove NAME
  sync [ACCOUNT] [--json]           one full sync of every folder into the local store
  send [--account NAME] [--as-alias] [--json] FILE.eml|-
                                    send through the outbox and wait for the outcome
  send --flush [--json]             send every due message, each through its own account
  outbox [--json]                   the outbox: state, attempts and last explanation of each message
  outbox retry ID|--all [--json]    send a failed or may-have-been-sent message again, now
  outbox retry ID --to-accepted     send a message refused for some recipients to the others
  outbox remove ID                  take a message out of the outbox
  search QUERY [--json]             search the local store (from: to: subject: is:unread
                                    is:flagged has:attachment folder: before: after: words)
  import FILE|DIR --folder F [--account NAME] [--format mboxrd|mboxo] [--json]
                                    bring in an mbox, .eml files, or a Thunderbird folder tree (an
                                    IMAP account's go to its server; messages already there are skipped)
  export FOLDER (--mbox FILE | --eml DIR) [--account NAME] [--format mboxrd|mboxo] [--json]
                                    write a folder's messages out, byte for byte
`)
}
