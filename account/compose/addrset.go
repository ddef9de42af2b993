package compose

import (
	"strings"

	"wren/transport/rfc822"
)

// addrSet is a set of addresses compared without regard to case.
type addrSet map[string]bool

func newAddrSet(addrs ...string) addrSet {
	s := addrSet{}
	for _, a := range addrs {
		if k := addrKey(a); k != "" {
			s[k] = true
		}
	}
	return s
}

func addrKey(a string) string { return strings.ToLower(strings.TrimSpace(a)) }

func (s addrSet) has(a string) bool { return s[addrKey(a)] }

// addNew returns the addresses of list that are neither in s nor in
// skip, once each, and adds them to s.
func (s addrSet) addNew(list []rfc822.Address, skip addrSet) []rfc822.Address {
	var out []rfc822.Address
	for _, a := range list {
		k := addrKey(a.Address)
		if k == "" || s[k] || skip.has(a.Address) {
			continue
		}
		s[k] = true
		out = append(out, a)
	}
	return out
}
