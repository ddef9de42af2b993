package compose

import (
	"strings"

	"wren/account"
	"wren/transport/rfc822"
)

// PickIdentity chooses who answers orig: the identity (or account
// address) it was addressed to, looking at To, Cc and Delivered-To in
// that order; else the first account's first identity. It returns the
// account's name with it ("" when there is no account).
func PickIdentity(accounts []account.Account, orig *rfc822.Message) (string, account.Identity) {
	if orig != nil {
		for _, addr := range recipients(orig) {
			for _, a := range accounts {
				for _, id := range identities(a) {
					if strings.EqualFold(strings.TrimSpace(id.Address), addr) {
						return a.Name, id
					}
				}
			}
		}
	}
	if len(accounts) == 0 {
		return "", account.Identity{}
	}
	return accounts[0].Name, identities(accounts[0])[0]
}

// identities are an account's identities, or its address when it has none.
func identities(a account.Account) []account.Identity {
	if len(a.Identities) > 0 {
		return a.Identities
	}
	return []account.Identity{{Address: a.Address}}
}

func recipients(m *rfc822.Message) []string {
	var out []string
	for _, list := range [][]rfc822.Address{m.To, m.Cc} {
		for _, a := range list {
			out = append(out, strings.TrimSpace(a.Address))
		}
	}
	for _, v := range m.Header.Values("Delivered-To") {
		out = append(out, strings.Trim(strings.TrimSpace(v), "<>"))
	}
	return out
}
