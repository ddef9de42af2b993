package mailgen

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"mime"
	"slices"
	"strings"
	"time"

	"wren/transport/rfc822"
)

// render writes one planned message.
func (g *Generator) render(p *plan, s slot) Message {
	ci, pos := int(s.conv), int(s.pos)
	c := &p.convs[ci]
	r := newRand(g.seed, msgStream(ci, pos))
	var raw []byte
	switch c.kind {
	case kindNewsletter:
		raw = g.newsletter(r, c, ci, s)
	case kindNotice:
		raw = g.notice(r, c, ci, s)
	case kindJunk:
		raw = g.junk(r, c, ci, s)
	default:
		raw = g.conversation(r, c, ci, s)
	}
	raw = fixBoundaries(raw, r)
	if g.opts.Transport {
		raw = g.transport(newRand(g.seed, transportStream(ci, pos)), c, s, raw)
	}
	return Message{
		Folder:    s.folder,
		Flags:     slices.Clone(s.flags),
		Date:      c.dates[pos],
		MessageID: g.messageID(c, ci, pos),
		Raw:       raw,
	}
}

// build runs rfc822.Build on a draft the generator made. Every field
// comes from this package's tables, so a failure is a defect here.
func build(d rfc822.Draft) []byte {
	var b bytes.Buffer
	if err := rfc822.Build(&b, d); err != nil {
		panic(fmt.Sprintf("mailgen: building %q: %v", d.Subject, err))
	}
	return b.Bytes()
}

// messageID is seeded and carries the sender's domain.
func (g *Generator) messageID(c *conv, ci, pos int) string {
	from := g.sender(c, pos)
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	h := mix(uint64(g.seed), uint64(ci)<<16|uint64(pos))
	return fmt.Sprintf("%016x.%d@%s", h, pos, domain)
}

// mix is SplitMix64 over two words.
func mix(a, b uint64) uint64 {
	z := a*0x9e3779b97f4a7c15 ^ b
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

func addr(p person) rfc822.Address { return rfc822.Address{Name: p.name, Address: p.addr} }

// sender is who wrote message pos of c.
func (g *Generator) sender(c *conv, pos int) rfc822.Address {
	switch c.kind {
	case kindNewsletter:
		n := newsletters[c.src]
		return rfc822.Address{Name: n.name, Address: n.addr}
	case kindNotice:
		n := notifiers[c.src]
		return rfc822.Address{Name: n.name, Address: n.addr}
	case kindJunk:
		return addr(spammers[c.src])
	}
	return g.party(c, c.senders[pos])
}

func (g *Generator) party(c *conv, role uint8) rfc822.Address {
	switch role {
	case roleOwner:
		return g.opts.Owner
	case roleThird:
		return addr(people[c.third])
	}
	return addr(people[c.contact])
}

// zoneOf is the time zone a party writes from.
func (g *Generator) zoneOf(c *conv, role uint8) *time.Location {
	switch {
	case c.kind != kindConv || role == roleOwner:
		return zoneUTC
	case role == roleThird:
		return people[c.third].zone
	}
	return people[c.contact].zone
}

// firstName is how a party is greeted and signs.
func (g *Generator) firstName(c *conv, role uint8) string {
	switch role {
	case roleOwner:
		if f := strings.Fields(g.opts.Owner.Name); len(f) > 0 {
			return f[0]
		}
		return g.opts.Owner.Address
	case roleThird:
		return people[c.third].first
	}
	return people[c.contact].first
}

// recipients of message pos: the other side of the conversation in To,
// a third person in Cc while they are part of it.
func (g *Generator) recipients(c *conv, pos int) (to uint8, cc []uint8) {
	from := c.senders[pos]
	forwarded := c.fwdAt >= 0 && pos >= c.fwdAt
	switch {
	case from != roleOwner:
		to = roleOwner
	case forwarded:
		to = roleThird
	default:
		to = roleContact
	}
	if c.third >= 0 && c.fwdAt < 0 && pos > 0 {
		for _, role := range []uint8{roleContact, roleThird} {
			if role != from && role != to {
				cc = append(cc, role)
			}
		}
	}
	return to, cc
}

func (g *Generator) subject(c *conv, pos int) string {
	base := topics[c.src].subject
	switch {
	case pos == 0:
		return base
	case pos == c.fwdAt:
		return "Fwd: " + base
	case c.fwdAt >= 0 && pos > c.fwdAt:
		return "Re: Fwd: " + base
	}
	return "Re: " + base
}

// ownText is what message pos says itself, without quoted mail.
func (g *Generator) ownText(c *conv, pos int) string {
	t := topics[c.src]
	from := c.senders[pos]
	to, _ := g.recipients(c, pos)
	if pos == c.fwdAt {
		note := forwardNotes[pos%len(forwardNotes)]
		return fmt.Sprintf("Hi %s,\n\n%s\n\n%s", g.firstName(c, to), note, g.firstName(c, from))
	}
	lang := t.lang
	if from == roleOwner && lang != people[c.contact].lang {
		lang = "en"
	}
	var say string
	switch {
	case pos == 0:
		say = t.opening
	case pos-1 < len(t.replies):
		say = t.replies[pos-1]
	default:
		gen := genericReplies[lang]
		say = gen[pos%len(gen)]
	}
	greet := fmt.Sprintf(greetings[lang], g.firstName(c, to))
	return greet + "\n\n" + say + "\n\n" + closings[lang] + "\n" + g.firstName(c, from)
}

// attribution introduces a quoted reply.
func attribution(date time.Time, name string) string {
	return fmt.Sprintf("On %s at %s, %s wrote:", date.Format("Mon, 2 Jan 2006"), date.Format("15:04"), name)
}

func quote(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// conversation writes message pos of a thread or a lone personal mail.
func (g *Generator) conversation(r *rand.Rand, c *conv, ci int, s slot) []byte {
	pos := int(s.pos)
	fromRole := c.senders[pos]
	toRole, ccRoles := g.recipients(c, pos)
	date := c.dates[pos].In(g.zoneOf(c, fromRole))
	d := rfc822.Draft{
		From:      g.party(c, fromRole),
		To:        []rfc822.Address{g.party(c, toRole)},
		Subject:   g.subject(c, pos),
		Date:      date,
		MessageID: g.messageID(c, ci, pos),
	}
	for _, role := range ccRoles {
		d.Cc = append(d.Cc, g.party(c, role))
	}
	own := g.ownText(c, pos)
	d.Text = own + "\n"
	var quoted, intro string
	if pos > 0 {
		for i := range pos {
			d.References = append(d.References, g.messageID(c, ci, i))
		}
		d.InReplyTo = []string{g.messageID(c, ci, pos-1)}
		prev := c.senders[pos-1]
		prevFrom := g.party(c, prev)
		prevDate := c.dates[pos-1].In(g.zoneOf(c, prev))
		quoted = g.ownText(c, pos-1)
		if pos == c.fwdAt {
			prevTo, _ := g.recipients(c, pos-1)
			intro = fmt.Sprintf("---------- Forwarded message ---------\nFrom: %s <%s>\nDate: %s\nSubject: %s\nTo: %s",
				prevFrom.Name, prevFrom.Address, prevDate.Format("Mon, 2 Jan 2006 at 15:04"),
				g.subject(c, pos-1), g.party(c, prevTo).Address)
			d.Text = own + "\n\n" + intro + "\n\n" + quoted + "\n"
		} else {
			intro = attribution(prevDate, prevFrom.Name)
			d.Text = own + "\n\n" + intro + "\n" + quote(quoted) + "\n"
		}
	}
	if s.html {
		d.HTML = g.conversationHTML(r, c, ci, pos, own, intro, quoted)
	}
	if s.attach {
		kinds := personalFiles
		if topics[c.src].work {
			kinds = workFiles
		}
		d.Attachments = attachments(r, kinds, g.opts.MaxAttachmentBytes)
	}
	return build(d)
}

// conversationHTML is the HTML version of a personal message: the text,
// a signature with a remote logo and, from outside senders, a tracking
// pixel, as mail clients and mail-merge tools add them.
func (g *Generator) conversationHTML(r *rand.Rand, c *conv, ci, pos int, own, intro, quoted string) string {
	from := g.sender(c, pos)
	domain := from.Address[strings.LastIndexByte(from.Address, '@')+1:]
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n")
	b.WriteString(paragraphs(own))
	fmt.Fprintf(&b, "<p><img src=\"https://%s/assets/signature-logo.png\" alt=\"%s\" width=\"120\" height=\"32\"></p>\n",
		domain, htmlEscape(from.Name))
	if c.senders[pos] != roleOwner {
		fmt.Fprintf(&b, "<img src=\"https://pixel.mailtrack.example/open/%016x.gif\" width=\"1\" height=\"1\" alt=\"\">\n", r.Uint64())
	}
	if quoted != "" {
		fmt.Fprintf(&b, "<p>%s</p>\n<blockquote style=\"border-left: 2px solid #ccc; padding-left: 8px\">\n%s</blockquote>\n",
			htmlEscape(intro), paragraphs(quoted))
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// newsletter writes an HTML issue with remote images, a tracking pixel,
// tracked links and, in about half, a cid: logo.
func (g *Generator) newsletter(r *rand.Rand, c *conv, ci int, s slot) []byte {
	n := newsletters[c.src]
	issue := newsIssues[n.kind][c.item]
	id := fmt.Sprintf("%016x", r.Uint64())
	d := rfc822.Draft{
		From:      rfc822.Address{Name: n.name, Address: n.addr},
		To:        []rfc822.Address{g.opts.Owner},
		Subject:   issue.subject,
		Date:      c.dates[0].In(zoneUTC),
		MessageID: g.messageID(c, ci, 0),
	}
	var text strings.Builder
	fmt.Fprintf(&text, "%s\n\n%s\n\n", n.name, issue.headline)
	for _, it := range issue.items {
		fmt.Fprintf(&text, "* %s\n", it)
	}
	fmt.Fprintf(&text, "\nRead online: https://%s/issues/%s\nUnsubscribe: https://%s/unsubscribe?u=%s\n", n.host, id, n.host, id)
	d.Text = text.String()

	inline := r.IntN(2) == 0
	cid := "logo." + id + "@" + n.host
	var h strings.Builder
	h.WriteString("<!DOCTYPE html>\n<html><body style=\"margin:0; background:#f4f4f4\">\n<table width=\"600\" align=\"center\" style=\"background:#fff\">\n")
	if inline {
		fmt.Fprintf(&h, "<tr><td><img src=\"cid:%s\" alt=\"%s\" width=\"160\" height=\"120\"></td></tr>\n", cid, htmlEscape(n.name))
	}
	fmt.Fprintf(&h, "<tr><td><img src=\"https://cdn.%s/img/header-%d.jpg\" alt=\"\" width=\"600\"></td></tr>\n", n.host, c.item)
	fmt.Fprintf(&h, "<tr><td><h1>%s</h1></td></tr>\n", htmlEscape(issue.headline))
	for i, it := range issue.items {
		fmt.Fprintf(&h, "<tr><td><img src=\"https://cdn.%s/img/item-%d.jpg\" alt=\"\" width=\"180\"> <a href=\"https://%s/click?u=%s&amp;l=%d\">%s</a></td></tr>\n",
			n.host, i, n.tracker, id, i, htmlEscape(it))
	}
	fmt.Fprintf(&h, "<tr><td><a href=\"https://%s/unsubscribe?u=%s\">Unsubscribe</a></td></tr>\n", n.host, id)
	fmt.Fprintf(&h, "</table>\n<img src=\"http://%s/open/%s.gif\" width=\"1\" height=\"1\" alt=\"\">\n</body></html>\n", n.tracker, id)
	d.HTML = h.String()

	var files []rfc822.DraftAttachment
	if s.attach {
		files = attachments(r, listFiles, g.opts.MaxAttachmentBytes)
	}
	fields := listFields(n.name, n.listID, n.host, id)
	if !inline {
		d.Attachments = files
		return withFields(build(d), fields...)
	}
	// A Draft has no multipart/related, so the content is written here
	// and only the top header comes from Build.
	top := rfc822.Draft{From: d.From, To: d.To, Subject: d.Subject, Date: d.Date, MessageID: d.MessageID}
	content := multipartEntity(r, "multipart/alternative",
		textEntity("text/plain", d.Text),
		multipartEntity(r, "multipart/related",
			textEntity("text/html", d.HTML),
			inlineEntity("image/png", "logo.png", cid, logo())))
	if len(files) > 0 {
		parts := []entity{content}
		for _, f := range files {
			parts = append(parts, attachmentEntity(f.ContentType, f.Filename, f.Data))
		}
		content = multipartEntity(r, "multipart/mixed", parts...)
	}
	return withFields(replaceContent(build(top), content), fields...)
}

// listFields are the mailing-list header fields (RFC 2919, 2369, 8058).
func listFields(name, listID, host, id string) []string {
	if listID == "" {
		return nil
	}
	return []string{
		"List-Id: " + mime.QEncoding.Encode("utf-8", name) + " <" + listID + ">",
		fmt.Sprintf("List-Unsubscribe: <https://%s/unsubscribe?u=%s>,\r\n <mailto:unsubscribe@%s?subject=unsubscribe>", host, id, host),
		"List-Unsubscribe-Post: List-Unsubscribe=One-Click",
	}
}

// notice writes an automated plain-text message.
func (g *Generator) notice(r *rand.Rand, c *conv, ci int, s slot) []byte {
	n := notifiers[c.src]
	t := noticeTexts[n.kind][c.item]
	d := rfc822.Draft{
		From:      rfc822.Address{Name: n.name, Address: n.addr},
		To:        []rfc822.Address{g.opts.Owner},
		Subject:   t[0],
		Date:      c.dates[0].In(zoneUTC),
		MessageID: g.messageID(c, ci, 0),
		Text:      t[1] + "\n",
	}
	if s.attach {
		d.Attachments = attachments(r, listFiles, g.opts.MaxAttachmentBytes)
	}
	host := n.addr[strings.LastIndexByte(n.addr, '@')+1:]
	return withFields(build(d), listFields(n.name, n.listID, host, fmt.Sprintf("%016x", r.Uint64()))...)
}

// junk writes spam, with a remote image when it is HTML.
func (g *Generator) junk(r *rand.Rand, c *conv, ci int, s slot) []byte {
	p := spammers[c.src]
	t := junkTexts[c.item]
	d := rfc822.Draft{
		From:      addr(p),
		To:        []rfc822.Address{g.opts.Owner},
		Subject:   t[0],
		Date:      c.dates[0].In(p.zone),
		MessageID: g.messageID(c, ci, 0),
		Text:      t[1] + "\n",
	}
	host := p.addr[strings.LastIndexByte(p.addr, '@')+1:]
	if s.html {
		d.HTML = fmt.Sprintf("<html><body>\n<img src=\"http://%s/img/banner.jpg\" width=\"600\" alt=\"\">\n%s<a href=\"http://%s/claim?id=%016x\">Click here</a>\n</body></html>\n",
			host, paragraphs(t[1]), host, r.Uint64())
	}
	if s.attach {
		d.Attachments = attachments(r, junkFiles, g.opts.MaxAttachmentBytes)
	}
	return build(d)
}

// paragraphs turns plain text into HTML paragraphs.
func paragraphs(text string) string {
	var b strings.Builder
	for _, p := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(htmlEscape(p), "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	return b.String()
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }
