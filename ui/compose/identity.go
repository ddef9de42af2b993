package compose

import (
	"strings"

	"wren/account"
	core "wren/account/compose"
	"wren/transport/rfc822"
)

// fromChoice is one entry of the From picker.
type fromChoice struct {
	account string
	id      account.Identity
}

func (c fromChoice) label() string {
	return core.FormatAddress(rfc822.Address{Name: c.id.Name, Address: c.id.Address}) + " (" + c.account + ")"
}

// identityChoices lists every identity of every account (an account
// without identities offers its address).
func identityChoices(accts []account.Account) []fromChoice {
	var out []fromChoice
	for _, a := range accts {
		ids := a.Identities
		if len(ids) == 0 {
			ids = []account.Identity{{Address: a.Address}}
		}
		for _, id := range ids {
			out = append(out, fromChoice{account: a.Name, id: id})
		}
	}
	return out
}

// findChoice is the index of the identity with address addr, preferring
// the account name; -1 when there is none.
func findChoice(choices []fromChoice, name, addr string) int {
	found := -1
	for i, c := range choices {
		if strings.EqualFold(strings.TrimSpace(c.id.Address), strings.TrimSpace(addr)) {
			if c.account == name {
				return i
			}
			if found < 0 {
				found = i
			}
		}
	}
	if found < 0 && addr == "" {
		for i, c := range choices {
			if c.account == name {
				return i
			}
		}
	}
	return found
}

func firstIdentity(accts []account.Account) (string, account.Identity) {
	c := identityChoices(accts)
	if len(c) == 0 {
		return "", account.Identity{}
	}
	return c[0].account, c[0].id
}

// ownAddresses are all the user's addresses, kept out of a reply to all.
func ownAddresses(accts []account.Account) []string {
	var out []string
	for _, a := range accts {
		out = append(out, a.Address)
		for _, id := range a.Identities {
			out = append(out, id.Address)
		}
	}
	return out
}

// signatureText is the body of a new message: room to type, then the
// signature.
func signatureText(id account.Identity) string {
	if b := core.SignatureBlock(id); b != "" {
		return "\n\n" + b
	}
	return ""
}

// swapSignature replaces the old identity's signature block in body with
// the new one's; with no old block, the new one goes above the quoted or
// forwarded part (or at the end).
func swapSignature(body string, old, new account.Identity) string {
	ob, nb := core.SignatureBlock(old), core.SignatureBlock(new)
	if ob == nb {
		return body
	}
	if ob != "" {
		if i := strings.Index(body, ob); i >= 0 {
			return body[:i] + nb + body[i+len(ob):]
		}
		// The block lost its final blank line (typed away, or at the end).
		if trimmed := strings.TrimSuffix(ob, "\n"); strings.HasSuffix(body, trimmed) {
			return strings.TrimSuffix(body, trimmed) + strings.TrimSuffix(nb, "\n")
		}
	}
	if nb == "" {
		return body
	}
	if i := quoteStart(body); i >= 0 {
		return body[:i] + nb + body[i:]
	}
	if body != "" && !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	return body + "\n" + strings.TrimSuffix(nb, "\n")
}

// quoteStart is where the quoted or forwarded part of body starts: its
// attribution line, the forward header, or the first quoted line.
func quoteStart(body string) int {
	off := 0
	for _, line := range strings.SplitAfter(body, "\n") {
		l := strings.TrimRight(line, "\n")
		if strings.HasPrefix(l, ">") || strings.HasPrefix(l, "---------- Forwarded message") ||
			strings.HasSuffix(l, " wrote:") {
			return off
		}
		off += len(line)
	}
	return -1
}
