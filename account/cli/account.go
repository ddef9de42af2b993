package cli

import (
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"

	"wren/account"
	"wren/account/login"
	"wren/account/profile"
)

func (c *cmdContext) account(args []string) int {
	if len(args) == 0 {
		fmt.Fprintln(c.io.Stderr, "wren account: want add, list, remove or signin")
		return 2
	}
	switch args[0] {
	case "add":
		return c.accountAdd(args[1:])
	case "list":
		return c.accountList(args[1:])
	case "remove":
		return c.accountRemove(args[1:])
	case "signin":
		return c.accountSignIn(args[1:])
	}
	fmt.Fprintf(c.io.Stderr, "wren account: unknown subcommand %q (want add, list, remove or signin)\n", args[0])
	return 2
}

// openProfile opens the profile the global options and WREN_PROFILE name.
func (c *cmdContext) openProfile() (*profile.Profile, error) {
	paths, err := profile.Locate(c.g.profile, c.io.Getenv)
	if err != nil {
		return nil, err
	}
	return profile.Open(paths.Config)
}

// accountJSON is one account as `account list --json` prints it.
type accountJSON struct {
	Name     string      `json:"name"`
	Address  string      `json:"address"`
	Incoming *serverJSON `json:"incoming"`
	Outgoing *serverJSON `json:"outgoing"`
	DNS      string      `json:"dns,omitempty"`
}

func (c *cmdContext) accountList(args []string) int {
	fs := newFlagSet("wren account list", c.io.Stderr)
	c.g.register(fs)
	if pos, err := parse(fs, args); err != nil || len(pos) != 0 {
		return c.usageError(err, "wren account list takes no arguments")
	}
	p, err := c.openProfile()
	if err != nil {
		return c.fail(err, "")
	}
	accts := p.Accounts()
	if c.g.json {
		out := struct {
			Accounts []accountJSON `json:"accounts"`
		}{Accounts: []accountJSON{}}
		for _, a := range accts {
			out.Accounts = append(out.Accounts, accountJSON{
				Name: a.Name, Address: a.Address, DNS: a.DNS,
				Incoming: serverOf(&a.Incoming), Outgoing: serverOf(&a.Outgoing),
			})
		}
		return c.printJSON(out, 0)
	}
	if len(accts) == 0 {
		fmt.Fprintln(c.io.Stdout, "No accounts. Add one with: wren account add ADDRESS")
		return 0
	}
	tw := tabwriter.NewWriter(c.io.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tADDRESS\tINCOMING\tOUTGOING")
	for _, a := range accts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Name, a.Address, a.Incoming.URL(), a.Outgoing.URL())
	}
	tw.Flush()
	return 0
}

// namedAccount parses args, with fs holding the command's own flags, for
// one account name, and loads that account from the profile. When ok is
// false the command returns code (the usage or the failure is printed).
func (c *cmdContext) namedAccount(fs *flag.FlagSet, args []string, usage string) (p *profile.Profile, a account.Account, code int, ok bool) {
	c.g.register(fs)
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 {
		return nil, a, c.usageError(err, usage), false
	}
	if p, err = c.openProfile(); err == nil {
		a, err = p.Get(pos[0])
	}
	if err != nil {
		return nil, a, c.fail(err, ""), false
	}
	return p, a, 0, true
}

func (c *cmdContext) accountRemove(args []string) int {
	p, a, code, ok := c.namedAccount(newFlagSet("wren account remove", c.io.Stderr), args, "usage: wren account remove NAME")
	if !ok {
		return code
	}
	if err := p.Remove(a.Name); err != nil {
		return c.fail(err, "")
	}
	// The passwords and sign-ins go with the account; a keyring that is
	// not there has nothing of ours to delete, so its failure is only
	// reported.
	for _, s := range []account.Server{a.Incoming, a.Outgoing} {
		key := login.KeyOf(&a, s)
		if key == "" {
			continue
		}
		if err := c.secrets().Delete(c.ctx, key); err != nil && !isNoPassword(err) {
			c.io.Logger.Warn("could not delete a saved password", "account", a.Name, "server", s.Host, "err", err)
			fmt.Fprintf(c.io.Stderr, "The account is removed, but its password for %s could not be deleted from the keyring.\n", s.Host)
		}
	}
	if c.g.json {
		return c.printJSON(map[string]any{"removed": a.Name}, 0)
	}
	fmt.Fprintf(c.io.Stdout, "Removed account %s.\n", a.Name)
	return 0
}

func (c *cmdContext) printJSON(v any, code int) int {
	enc := json.NewEncoder(c.io.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(c.io.Stderr, "wren: writing the output failed")
		return 1
	}
	return code
}

func (c *cmdContext) usageError(err error, msg string) int {
	if err == nil {
		fmt.Fprintln(c.io.Stderr, msg)
	}
	return 2
}
