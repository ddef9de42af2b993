package cli

import (
	"flag"
	"fmt"
	"path/filepath"

	"wren/account/profile"
	"wren/account/setup"
)

// setupFlags are the options doctor and account add share.
type setupFlags struct {
	passwordStdin bool
	confirm       strList
	trustCert     strList
}

func (f *setupFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&f.passwordStdin, "password-stdin", false, "read the password from the first line of standard input")
	fs.Var(&f.confirm, "confirm", "confirm `HOST` may get the password (repeatable)")
	fs.Var(&f.trustCert, "trust-cert", "trust the certificate with this `SHA256` fingerprint (repeatable)")
}

// doctor finds and checks the settings of an address without saving
// anything. Exit 0 only when the account works.
func (c *cmdContext) doctor(args []string) int {
	fs := newFlagSet("wren doctor", c.io.Stderr)
	c.g.register(fs)
	var sf setupFlags
	sf.register(fs)
	pos, err := parse(fs, args)
	if err != nil || len(pos) != 1 {
		return c.usageError(err, "usage: wren doctor ADDRESS [--password-stdin] [--json] [--confirm HOST]... [--trust-cert SHA256]...")
	}
	password, perr := readPassword(c.io.Stdin, c.io.Stderr, sf.passwordStdin, "Password for "+pos[0]+": ")
	if perr != nil && sf.passwordStdin {
		return c.fail(perr, "")
	}
	req := setup.Request{Address: pos[0], Password: password, Confirm: sf.confirm, TrustCerts: sf.trustCert}
	rep := setup.Run(c.ctx, c.setupEnv(), req, nil)
	out := c.reportOf(rep, nil)
	out.SignIn = c.signInHint(rep)
	code := 0
	if !rep.OK {
		code = 1
	}
	if c.g.json {
		return c.printJSON(out, code)
	}
	printReport(c.io.Stdout, out, password != "")
	if out.SignIn != "" {
		fmt.Fprintf(c.io.Stdout, "Browser sign-in is available instead of a password: %s\n", out.SignIn)
	}
	return code
}

// setupEnv is the setup environment of this run: the --dns resolver, the
// test hooks of Env and the profile's override directory.
func (c *cmdContext) setupEnv() setup.Env {
	e := setup.Env{
		DNS: c.g.dns, RootCAs: c.env.RootCAs, HTTP: c.env.HTTPClient,
		ISPDBBase: c.env.ISPDBBase, Timeouts: c.env.Timeouts, Logger: c.io.Logger, Dial: c.env.Dial,
	}
	if paths, err := profile.Locate(c.g.profile, c.io.Getenv); err == nil {
		e.OverrideDir = filepath.Join(paths.Config, "isp")
	}
	return e
}
