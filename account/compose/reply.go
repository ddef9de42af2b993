package compose

import (
	"strings"
	"time"

	"wren/account"
	"wren/transport/rfc822"
)

// Original is the message being answered or forwarded.
type Original struct {
	Message *rfc822.Message
	// Text is the plain text to quote. The caller provides it: for an
	// HTML-only message the GUI renders the HTML to text first.
	Text string
	// Raw is the whole message, attached as is by Forward(inline=false).
	Raw []byte
}

// ReplyOptions say whom a reply goes to.
type ReplyOptions struct {
	// All also addresses the original's other recipients.
	All bool
	// Own lists every address of the user; they are never added as
	// recipients of a reply to all.
	Own []string
	// Now is the composer's clock; its location is the one the quoted
	// date is shown in.
	Now time.Time
}

// maxReferences bounds the References field: the thread's first message
// and the latest ones are what threading needs.
const maxReferences = 10

// Reply builds the answer to orig sent as id.
func Reply(orig Original, id account.Identity, opts ReplyOptions) rfc822.Draft {
	m := orig.Message
	if m == nil {
		m = &rfc822.Message{}
	}
	own := newAddrSet(append([]string{id.Address}, opts.Own...)...)
	d := rfc822.Draft{
		From:    rfc822.Address{Name: id.Name, Address: id.Address},
		Subject: ReplySubject(m.Subject),
	}
	to := m.ReplyTo
	if len(to) == 0 {
		to = m.From
	}
	if len(m.ReplyTo) == 0 && len(m.From) > 0 && own.has(m.From[0].Address) {
		// Answering one's own sent message continues with its recipients.
		to = m.To
	}
	seen := newAddrSet()
	d.To = seen.addNew(to, nil)
	if opts.All {
		d.Cc = seen.addNew(append(append([]rfc822.Address{}, m.To...), m.Cc...), own)
		d.To = removeOwn(d.To, own, len(d.Cc) > 0)
	}
	if m.MessageID != "" {
		d.InReplyTo = []string{m.MessageID}
	}
	d.References = References(m)
	d.Text = "\n\n" + SignatureBlock(id) + attribution(m, opts.Now) + Quote(orig.Text)
	return d
}

// References is the References field of a reply to m: m's references
// (or its In-Reply-To) and m's own ID, trimmed to the first and the last
// maxReferences.
func References(m *rfc822.Message) []string {
	refs := append([]string{}, m.References...)
	if len(refs) == 0 && len(m.InReplyTo) > 0 {
		refs = append(refs, m.InReplyTo[0])
	}
	if m.MessageID != "" && (len(refs) == 0 || refs[len(refs)-1] != m.MessageID) {
		refs = append(refs, m.MessageID)
	}
	if len(refs) > maxReferences+1 {
		refs = append(refs[:1], refs[len(refs)-maxReferences:]...)
	}
	if len(refs) == 0 {
		return nil
	}
	return refs
}

// removeOwn drops the user's own addresses from To in a reply to all,
// unless nothing else would be left to send to.
func removeOwn(to []rfc822.Address, own addrSet, others bool) []rfc822.Address {
	var out []rfc822.Address
	for _, a := range to {
		if !own.has(a.Address) {
			out = append(out, a)
		}
	}
	if len(out) == 0 && !others {
		return to
	}
	return out
}

// SignatureBlock is the identity's signature after the "-- " separator
// (RFC 3676 §4.3), or nothing: what Reply and Forward put in, and what a
// composer puts in a new message or swaps when the identity changes.
func SignatureBlock(id account.Identity) string {
	sig := strings.TrimRight(strings.ReplaceAll(id.Signature, "\r\n", "\n"), "\n")
	if strings.TrimSpace(sig) == "" {
		return ""
	}
	return "-- \n" + sig + "\n\n"
}

// attribution is the "On <date>, <name> wrote:" line above the quote.
func attribution(m *rfc822.Message, now time.Time) string {
	who := "someone"
	if len(m.From) > 0 {
		who = displayName(m.From[0])
	}
	if m.Date.IsZero() {
		return who + " wrote:\n"
	}
	date := m.Date
	if !now.IsZero() {
		date = date.In(now.Location())
	}
	return "On " + date.Format("Mon, 2 Jan 2006 15:04") + ", " + who + " wrote:\n"
}

func displayName(a rfc822.Address) string {
	if n := strings.TrimSpace(a.Name); n != "" {
		return n
	}
	return a.Address
}

// Quote prefixes every line of text for a reply: "> " before text, ">"
// before an empty or an already quoted line (so "> a" becomes ">> a").
func Quote(text string) string {
	text = strings.TrimRight(strings.ReplaceAll(text, "\r\n", "\n"), "\n \t")
	if text == "" {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		switch {
		case line == "", strings.HasPrefix(line, ">"):
			b.WriteString(">" + line)
		default:
			b.WriteString("> " + line)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
