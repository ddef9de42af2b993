package cli

import (
	"flag"
	"io"
	"strings"
)

// strList is a repeatable string flag (--confirm HOST --confirm HOST2).
type strList []string

func (s *strList) String() string     { return strings.Join(*s, ",") }
func (s *strList) Set(v string) error { *s = append(*s, v); return nil }

// globals are the options every command accepts, before or after its name.
type globals struct {
	profile string
	dns     string
	json    bool
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.profile, "profile", g.profile, "profile `DIR` (default: $WREN_PROFILE, then the XDG config dir)")
	fs.StringVar(&g.dns, "dns", g.dns, "send every DNS query to the server at `HOST:PORT`")
	fs.BoolVar(&g.json, "json", g.json, "print one JSON object")
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parse parses flags and positional arguments in any order, as people type
// them ("doctor me@example.com --json"); "--" ends the flags.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
