package mailgen

import (
	"encoding/base64"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"
)

// transportStream numbers the random stream of a message's transport
// fields apart from the message's own stream, so turning Transport on
// adds fields and leaves every other byte as it was.
func transportStream(c, pos int) uint64 { return 1<<62 | uint64(c)<<16 | uint64(pos) }

// foldWidth is the longest line the generator writes when it folds,
// below RFC 5322's recommended 78.
const foldWidth = 76

// mta is how a mail server writes its Received fields.
type mta uint8

const (
	mtaPostfix mta = iota
	mtaExim
	mtaCloud // a large provider: terse fields, internal IPv6 hops
	mtaStore // the final LMTP delivery into the mailbox
)

// provider is who carries a sender's mail out. The domains are reserved
// for examples and tests.
type provider struct {
	domain string
	mta    mta
}

var (
	personProviders = []provider{
		{"mailbox.example.net", mtaPostfix},
		{"postwerk.example.org", mtaExim},
		{"cloudmail.example.com", mtaCloud},
		{"webhost.test", mtaPostfix},
	}
	bulkProviders = []provider{
		{"bulkpost.example.com", mtaCloud},
		{"sendwave.example.net", mtaPostfix},
		{"mailrelay.example.org", mtaExim},
	}
	junkProviders = []provider{
		{"cheap-vps.test", mtaExim},
		{"offshore-hosting.example.org", mtaPostfix},
	}
	clientNets = []string{"homenet.example.net", "fibre.example.org", "mobile.example.com", "cable.test"}
	regions    = []string{"fra", "ams", "iad", "sfo", "nrt", "lhr"}
	selectors  = []string{"s1", "sel2025", "mail", "k2", "dkim", "20240115", "default"}
	userAgents = []string{
		"User-Agent: Quillmail/3.2.1 (X11; Linux x86_64)",
		"User-Agent: Wren/0.9 (desktop)",
		"User-Agent: Larkspur Mail 115.4 (Windows NT 10.0; Win64; x64)",
		"X-Mailer: Papyrus Mail 8.4 (build 2211)",
		"X-Mailer: iPostbox (21D61)",
		"X-Mailer: Webmail 2.7 at mailbox.example.net",
	}
	bulkMailers = []string{"SendEngine 5.1", "Campaigner Pro v4", "ListPost/2.3", "Newsroom Mailer 12"}
	spamRules   = []string{"BAYES_LOW", "DKIM_OK", "DKIM_AUTHOR", "SPF_OK", "HTML_BODY", "REMOTE_IMAGE",
		"LIST_MAIL", "KNOWN_SENDER", "NO_RELAYS", "MIME_QP", "SHORT_TEXT", "TRACKING_PIXEL"}
	junkRules = []string{"BAYES_HIGH", "URI_BLOCKED", "FROM_MISMATCH", "MONEY_TALK", "PHISH_BANK",
		"FORGED_REPLY", "SPF_SOFTFAIL", "DATE_IN_FUTURE", "URGENT_SUBJECT", "HTML_IMAGE_ONLY"}
)

// host is one server or client along a message's path.
type host struct {
	name string
	ip   string
	mta  mta
}

// trace holds what a message's transport fields are made from.
type trace struct {
	r        *rand.Rand
	seed     int64
	owner    string
	ownerDom string
	from     string
	fromDom  string
	retPath  string
	prov     provider
	kind     kind
	sent     bool
	date     time.Time // the Date header's instant, in its zone
}

// transport adds the header fields a message collects between its
// sender's program and the owner's mailbox: header blocks of real mail
// are mostly these, and they are what makes parsing headers costly.
func (g *Generator) transport(r *rand.Rand, c *conv, s slot, raw []byte) []byte {
	pos := int(s.pos)
	from := g.sender(c, pos).Address
	t := &trace{
		r:     r,
		seed:  g.seed,
		owner: g.opts.Owner.Address,
		from:  from,
		kind:  c.kind,
		sent:  c.kind == kindConv && c.senders[pos] == roleOwner,
		date:  c.dates[pos].In(g.dateZone(c, pos)),
	}
	t.ownerDom = domainOf(t.owner)
	t.fromDom = domainOf(from)
	switch c.kind {
	case kindNewsletter, kindNotice:
		t.prov = bulkProviders[t.pick(t.fromDom, len(bulkProviders))]
		t.retPath = fmt.Sprintf("bounce+%s@bounces.%s", t.token(12, lowerHex), t.prov.domain)
	case kindJunk:
		t.prov = junkProviders[r.IntN(len(junkProviders))]
		t.retPath = fmt.Sprintf("%s@%s", t.token(8, lowerAlnum), t.prov.domain)
	default:
		t.prov = personProviders[t.pick(t.fromDom, len(personProviders))]
		t.retPath = from
	}

	raw = withFields(raw, t.tailFields(c)...)
	if t.sent {
		return withLeadingFields(raw, t.sentFields()...)
	}
	return withLeadingFields(raw, t.incomingFields(signedNames(raw))...)
}

// dateZone is the zone the Date header of message pos was written in.
func (g *Generator) dateZone(c *conv, pos int) *time.Location {
	if c.kind == kindJunk {
		return spammers[c.src].zone
	}
	return g.zoneOf(c, c.senders[pos])
}

func domainOf(address string) string { return address[strings.LastIndexByte(address, '@')+1:] }

// pick chooses among n by domain, the same for every message of one
// corpus: a sender keeps its provider and selector.
func (t *trace) pick(domain string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(domain))
	return int(mix(uint64(t.seed), h.Sum64()) % uint64(n))
}

const (
	lowerHex   = "0123456789abcdef"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	alnum      = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

func (t *trace) token(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[t.r.IntN(len(alphabet))]
	}
	return string(b)
}

// b64 is n random bytes in base64, as a signature or a hash looks.
func (t *trace) b64(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(t.r.Uint32())
	}
	return base64.StdEncoding.EncodeToString(b)
}

func (t *trace) ip() string {
	switch t.r.IntN(7) {
	case 0, 1:
		return fmt.Sprintf("192.0.2.%d", 1+t.r.IntN(254))
	case 2, 3:
		return fmt.Sprintf("198.51.100.%d", 1+t.r.IntN(254))
	case 4, 5:
		return fmt.Sprintf("203.0.113.%d", 1+t.r.IntN(254))
	}
	return fmt.Sprintf("2001:db8:%x:%x::%x", t.r.IntN(0x10000), t.r.IntN(0x10000), 1+t.r.IntN(0xfff))
}

// tailFields are written by the sender's program and its mailer, below
// the fields the message already has.
func (t *trace) tailFields(c *conv) []string {
	r := t.r
	var out []string
	switch c.kind {
	case kindNewsletter:
		out = append(out,
			"X-Mailer: "+bulkMailers[t.pick(t.fromDom, len(bulkMailers))],
			"Precedence: bulk",
			"X-Campaign-Id: c"+t.token(10, lowerHex))
		if r.IntN(5) != 0 {
			out = append(out, fmt.Sprintf("Feedback-ID: %d:%d:newsletter:%s", 1000+r.IntN(9000), 10+r.IntN(90), t.prov.domain))
		}
		out = append(out, fold("X-Report-Abuse", "Please forward this message with all its header fields to abuse@"+t.prov.domain))
	case kindNotice:
		out = append(out, "Auto-Submitted: auto-generated")
		if notifiers[c.src].listID != "" {
			list := notifiers[c.src].listID
			out = append(out, "Precedence: list",
				"List-Post: <mailto:"+t.from+">",
				"List-Help: <mailto:help@"+list+">",
				"List-Archive: <https://"+list+"/archive/>")
		}
		if r.IntN(3) == 0 {
			out = append(out, fmt.Sprintf("Feedback-ID: %d:notice:%s", 100+r.IntN(900), t.prov.domain))
		}
	case kindJunk:
		out = append(out, "X-Priority: 1 (Highest)", "X-Mailer: "+bulkMailers[r.IntN(len(bulkMailers))])
	default:
		out = append(out, userAgents[t.pick(t.from, len(userAgents))])
		if r.IntN(4) == 0 {
			out = append(out, "X-Originating-IP: ["+t.ip()+"]")
		}
	}
	return out
}

// signedNames are the fields a DKIM signature covers, lower case, in
// header order: all the message has when it leaves the sender.
func signedNames(raw []byte) []string {
	head, _ := splitHead(raw)
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(string(head), "\r\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		name, _, _ := strings.Cut(line, ":")
		name = strings.ToLower(name)
		if !seen[name] && !strings.HasPrefix(name, "x-") && name != "precedence" {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out
}

// hopTimes are the times of n Received fields, oldest first: a few
// seconds apart, starting at the Date, within a minute of it.
func (t *trace) hopTimes(n int) []time.Time {
	out := make([]time.Time, n)
	at := t.date.Add(time.Duration(t.r.IntN(3)) * time.Second)
	for i := range out {
		if i > 0 {
			at = at.Add(time.Duration(t.r.IntN(6)) * time.Second)
		}
		if limit := t.date.Add(time.Minute); at.After(limit) {
			at = limit
		}
		out[i] = at
	}
	return out
}

func stamp(at time.Time) string {
	zone, _ := at.Zone()
	return at.Format("Mon, 2 Jan 2006 15:04:05 -0700") + " (" + zone + ")"
}

// received writes the field the server to adds when it takes a message
// from from.
func (t *trace) received(from, to host, proto string, at time.Time, rcpt bool) string {
	r := t.r
	ipLit := func(ip string) string {
		if strings.Contains(ip, ":") && to.mta == mtaPostfix {
			return "IPv6:" + ip
		}
		return ip
	}
	tlsOn := strings.HasPrefix(proto, "ESMTPS")
	var w []string
	switch {
	case to.mta == mtaCloud && to.name == "":
		// Inside a large provider only the receiving address is noted.
	case from.name == "":
		w = append(w, "from ["+from.ip+"]")
	default:
		w = append(w, "from "+from.name)
	}
	switch to.mta {
	case mtaPostfix:
		w = append(w, "("+orUnknown(from)+" ["+ipLit(from.ip)+"])")
		if tlsOn {
			if r.IntN(3) == 0 {
				w = append(w, "(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))")
			} else {
				w = append(w, "(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
					"key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)")
			}
			if proto == "ESMTPSA" {
				w = append(w, "(Authenticated sender: "+t.from+")")
			} else if r.IntN(2) == 0 {
				w = append(w, "(No client certificate requested)")
			}
		}
		w = append(w, "by "+to.name+" (Postfix) with "+proto+" id "+t.queueID())
	case mtaExim:
		if from.name == "" {
			w = append(w, "(helo="+t.token(8, lowerAlnum)+".test)")
		} else {
			w = append(w, "(["+from.ip+"])")
		}
		w = append(w, "by "+to.name, "with "+strings.ToLower(proto))
		if tlsOn {
			w = append(w, "(TLS1.3) tls TLS_AES_256_GCM_SHA384")
		}
		w = append(w, "(Exim 4.97.1)", "(envelope-from <"+t.retPath+">)",
			"id "+t.token(6, alnum)+"-"+t.token(6, alnum)+"-"+t.token(2, alnum))
	case mtaCloud:
		if to.name == "" {
			w = append(w, "by "+to.ip)
		} else {
			if from.name != "" {
				w = append(w, "("+from.name+". ["+from.ip+"])")
			}
			w = append(w, "by "+to.name)
		}
		w = append(w, "with "+proto,
			fmt.Sprintf("id %s.%d", t.token(16, lowerHex), 1+r.IntN(99)))
		if tlsOn {
			w = append(w, "(version=TLS1_3 cipher=TLS_AES_128_GCM_SHA256 bits=128/128)")
		}
	case mtaStore:
		w = append(w, "by "+to.name, "with LMTP id "+t.token(22, alnum), "(envelope-from <"+t.retPath+">)")
	}
	if rcpt {
		w = append(w, "for <"+t.owner+">")
	}
	w[len(w)-1] += ";"
	w = append(w, stamp(at))
	return fold("Received", w...)
}

func orUnknown(h host) string {
	if h.name == "" || strings.HasPrefix(h.name, "[") {
		return "unknown"
	}
	return h.name
}

// queueID looks like a long Postfix queue ID.
func (t *trace) queueID() string {
	return string("45"[t.r.IntN(2)]) + string("XYZ"[t.r.IntN(3)]) + t.token(10, alnum)
}

// sentFields are the owner's own mail: one or two hops of the owner's
// server, no signature (the copy in Sent is saved before signing).
func (t *trace) sentFields() []string {
	r := t.r
	n := 1 + r.IntN(2)
	at := t.hopTimes(n)
	client := host{name: "", ip: t.ip()}
	submit := host{name: "smtp." + t.ownerDom, ip: t.ip(), mta: mtaPostfix}
	out := []string{t.received(client, submit, "ESMTPSA", at[0], false)}
	if n == 2 {
		out = append([]string{t.received(submit, host{name: "out-" + fmt.Sprint(1+r.IntN(4)) + "." + t.ownerDom, mta: mtaPostfix}, "ESMTP", at[1], false)}, out...)
	}
	return out
}

// incomingFields are everything above the message's own fields when it
// reaches the owner: the Received chain newest first, with the fields
// each server added between its hops.
func (t *trace) incomingFields(signed []string) []string {
	r := t.r
	n := 3 + r.IntN(7)
	recv := min(1+r.IntN(3), n-1) // hops inside the owner's domain
	send := n - recv              // hops from the sender's program out
	at := t.hopTimes(n)
	sendZone := t.date.Location()

	// Hosts, oldest first: the sender's program, the sender side, the
	// owner's side.
	hosts := make([]host, 0, n+1)
	switch t.kind {
	case kindConv:
		hosts = append(hosts, host{name: fmt.Sprintf("client-%d.%s", r.IntN(4000), clientNets[r.IntN(len(clientNets))]), ip: t.ip()})
	case kindJunk:
		hosts = append(hosts, host{ip: t.ip()}) // a bot that gives no name
	default:
		hosts = append(hosts, host{name: fmt.Sprintf("app-%02d.internal.%s", r.IntN(40), t.prov.domain), ip: t.ip()})
	}
	region := regions[r.IntN(len(regions))]
	for i := range send {
		h := host{ip: t.ip(), mta: t.prov.mta}
		switch {
		case i == 0 && t.kind == kindConv:
			h.name = "smtp." + t.prov.domain
		case i == 0:
			h.name = fmt.Sprintf("mta-%d.%s", r.IntN(300), t.prov.domain)
		case i == send-1:
			h.name = fmt.Sprintf("out-%d.%s.%s", r.IntN(60), region, t.prov.domain)
		case t.prov.mta == mtaCloud:
			h.name = "" // internal hops go by address
		default:
			h.name = fmt.Sprintf("relay-%d.%s.%s", r.IntN(30), region, t.prov.domain)
		}
		hosts = append(hosts, h)
	}
	mx := host{name: fmt.Sprintf("mx%d.%s", 1+r.IntN(2), t.ownerDom), ip: t.ip(), mta: mtaPostfix}
	hosts = append(hosts, mx)
	switch recv {
	case 3:
		hosts = append(hosts, host{name: "filter." + t.ownerDom, ip: t.ip(), mta: mtaPostfix})
		fallthrough
	case 2:
		hosts = append(hosts, host{name: fmt.Sprintf("store%d.%s", 1+r.IntN(3), t.ownerDom), ip: t.ip(), mta: mtaStore})
	}

	// The Received fields, oldest first.
	hops := make([]string, n)
	for i := range n {
		from, to := hosts[i], hosts[i+1]
		at := at[i]
		proto := "ESMTPS"
		switch {
		case i == 0 && t.kind == kindConv:
			proto = "ESMTPSA"
		case i == 0 && t.kind == kindJunk:
			proto = "ESMTP"
		case i == send && r.IntN(20) == 0:
			proto = "ESMTP" // a sender that does not offer TLS
		case i > 0 && i < send && to.mta == mtaCloud:
			proto = "SMTP"
		}
		if i < send {
			at = at.In(sendZone)
		} else {
			at = at.UTC()
		}
		hops[i] = t.received(from, to, proto, at, i >= send && r.IntN(2) == 0)
	}

	sigs := []string{t.dkim(t.fromDom, t.pick(t.fromDom, len(selectors)), signed, at[0])}
	if t.kind == kindNewsletter && r.IntN(2) == 0 {
		// The mailing service signs too, for its own reputation.
		sigs = append([]string{t.dkim(t.prov.domain, t.pick(t.prov.domain, len(selectors)), signed, at[0])}, sigs...)
	}
	results := t.authResults(mx.name, hosts[send].ip, sigs)

	out := []string{"Return-Path: <" + t.retPath + ">", "Delivered-To: " + t.owner}
	for i := n - 1; i > send; i-- {
		out = append(out, hops[i])
	}
	out = append(out, t.spamFields()...)
	if r.IntN(5) == 0 {
		out = append(out, t.arc(mx.name, results, signed, at[send])...)
	}
	out = append(out, fold("Authentication-Results", results...), hops[send])
	if t.prov.mta == mtaCloud {
		out = append(out, t.cloudFields(at[send-1])...)
	}
	for i := send - 1; i > 0; i-- {
		out = append(out, hops[i])
	}
	out = append(out, sigs...)
	return append(out, hops[0])
}

// dkim is a DKIM-Signature of the shape real signers write; the hashes
// are random (nothing checks them).
func (t *trace) dkim(domain string, sel int, signed []string, at time.Time) string {
	names := signed
	if t.r.IntN(2) == 0 {
		names = append(names[:len(names):len(names)], "from", "to", "subject") // over-signed against additions
	}
	w := []string{"v=1;", "a=rsa-sha256;", "c=relaxed/relaxed;", "d=" + domain + ";", "s=" + selectors[sel] + ";",
		fmt.Sprintf("t=%d;", at.Unix())}
	if t.r.IntN(3) == 0 {
		w = append(w, fmt.Sprintf("x=%d;", at.Add(14*24*time.Hour).Unix()))
	}
	w = append(w, listWords("h=", names, ":", ";")...)
	w = append(w, "bh="+t.b64(32)+";")
	return fold("DKIM-Signature", append(w, b64Words("b=", t.b64(256), 70)...)...)
}

// listWords splits "prefix" + items joined by sep into words short enough
// to fold; the separator may be preceded by folding white space.
func listWords(prefix string, items []string, sep, end string) []string {
	var out []string
	cur := prefix
	for i, it := range items {
		if i > 0 {
			it = sep + it
		}
		if len(cur)+len(it) > foldWidth-10 {
			out = append(out, cur)
			cur = ""
		}
		cur += it
	}
	return append(out, cur+end)
}

// b64Words cuts a long base64 value into words of one line each, the
// first first bytes long (less when it shares a line with a field name).
func b64Words(prefix, v string, first int) []string {
	out := []string{prefix + v[:min(len(v), first)]}
	for v = v[min(len(v), first):]; len(v) > 0; v = v[min(len(v), 72):] {
		out = append(out, v[:min(len(v), 72)])
	}
	return out
}

// authResults is what the owner's MX found checking the message: the
// words of an Authentication-Results value, one check a line.
func (t *trace) authResults(mx, ip string, sigs []string) []string {
	r := t.r
	spf, dkim, dmarc := "pass", "pass", "pass"
	switch {
	case t.kind == kindJunk:
		spf = []string{"softfail", "fail", "neutral", "pass"}[r.IntN(4)]
		dkim = []string{"fail", "pass", "neutral"}[r.IntN(3)]
		dmarc = []string{"fail", "none"}[r.IntN(2)]
	case r.IntN(12) == 0:
		switch r.IntN(4) {
		case 0:
			dkim, dmarc = "fail", "fail"
		case 1:
			spf = "softfail"
		case 2:
			spf = "none"
		default:
			dmarc = "none"
		}
	}
	out := []string{mx + ";"}
	for _, sig := range sigs {
		d := tagOf(sig, "d")
		w := []string{"\ndkim=" + dkim, "(2048-bit key; unprotected)", "header.d=" + d, "header.i=@" + d,
			"header.s=" + tagOf(sig, "s"), "header.b=" + tagOf(sig, "b")[:8] + ";"}
		if dkim == "fail" {
			w[1] = "(body hash did not verify)"
		}
		out = append(out, w...)
	}
	mailFrom := domainOf(t.retPath)
	switch spf {
	case "pass":
		out = append(out, "\nspf=pass", "("+mx+": domain of", t.retPath, "designates", ip, "as permitted sender)")
	case "none":
		out = append(out, "\nspf=none", "("+mx+": "+mailFrom+" does not designate permitted sender hosts)")
	default:
		out = append(out, "\nspf="+spf, "("+mx+": "+ip+" is not a permitted sender of", t.retPath+")")
	}
	out = append(out, "smtp.mailfrom="+t.retPath+";")
	policy := []string{"none", "quarantine", "reject"}[t.pick("dmarc."+t.fromDom, 3)]
	return append(out, "\ndmarc="+dmarc, fmt.Sprintf("(p=%s sp=%s dis=none)", strings.ToUpper(policy), strings.ToUpper(policy)),
		"header.from="+t.fromDom)
}

// tagOf reads tag name of a folded DKIM-Signature field.
func tagOf(field, name string) string {
	v := strings.Join(strings.Fields(field[strings.IndexByte(field, ':')+1:]), "")
	for _, tag := range strings.Split(v, ";") {
		if k, val, ok := strings.Cut(tag, "="); ok && k == name {
			return val
		}
	}
	return ""
}

// arc is the ARC set of a receiver that checks mail before passing it
// on (RFC 8617).
func (t *trace) arc(mx string, results, signed []string, at time.Time) []string {
	sel := "arc-" + fmt.Sprint(2023+t.pick(t.ownerDom, 3))
	ts := fmt.Sprintf("t=%d;", at.Unix())
	seal := fold("ARC-Seal", append([]string{"i=1;", "a=rsa-sha256;", ts, "cv=none;", "d=" + t.ownerDom + ";", "s=" + sel + ";"},
		b64Words("b=", t.b64(256), 70)...)...)
	w := []string{"i=1;", "a=rsa-sha256;", "c=relaxed/relaxed;", "d=" + t.ownerDom + ";", "s=" + sel + ";", ts}
	w = append(w, listWords("h=", signed, ":", ";")...)
	w = append(w, "bh="+t.b64(32)+";")
	sig := fold("ARC-Message-Signature", append(w, b64Words("b=", t.b64(256), 70)...)...)
	res := fold("ARC-Authentication-Results", append([]string{"i=1;"}, results...)...)
	return []string{seal, sig, res}
}

// spamFields are a content filter's verdict, on part of the mail.
func (t *trace) spamFields() []string {
	r := t.r
	if t.kind != kindJunk && r.IntN(2) == 0 {
		return nil
	}
	rules, score, verdict, bias := spamRules, -0.1*float64(r.IntN(40)), "No", -0.7
	if t.kind == kindJunk {
		rules, score, verdict, bias = junkRules, 5+0.1*float64(r.IntN(120)), "Yes", 0.2
	}
	picked := make([]string, 0, 6)
	for _, i := range r.Perm(len(rules))[:3+r.IntN(4)] {
		picked = append(picked, fmt.Sprintf("%s=%.1f", rules[i], (r.Float64()+bias)*3))
	}
	words := []string{verdict + ",", fmt.Sprintf("score=%.1f", score), "required=5.0"}
	words = append(words, listWords("tests=", picked, ",", "")...)
	out := []string{
		fold("X-Spam-Status", append(words, "autolearn=no", "version=4.0")...),
		fmt.Sprintf("X-Spam-Score: %.1f", score),
	}
	if t.kind == kindJunk {
		out = append(out, "X-Spam-Flag: YES", "X-Spam-Level: "+strings.Repeat("*", int(score)))
	}
	if r.IntN(2) == 0 {
		out = append(out, "X-Virus-Scanned: avscan 2.1 at filter."+t.ownerDom)
	}
	return out
}

// cloudFields are a large provider's own records of a message.
func (t *trace) cloudFields(at time.Time) []string {
	return []string{
		fold("X-Received", "by "+t.ip(), "with SMTP id "+t.token(24, lowerAlnum)+";", stamp(at)),
		fold("X-Cloudmail-Source", b64Words("", t.b64(66), 52)...),
		fold("X-Cloudmail-State", b64Words("", t.b64(120), 52)...),
	}
}

// fold writes a field from phrases, filling lines up to foldWidth and
// continuing them with CRLF and a space; it breaks at any space. A
// phrase that starts with "\n" begins a new line.
func fold(name string, phrases ...string) string {
	var b strings.Builder
	b.WriteString(name + ":")
	line := len(name) + 1
	for _, p := range phrases {
		brk := strings.HasPrefix(p, "\n")
		for _, w := range strings.Fields(p) {
			if brk || line+1+len(w) > foldWidth {
				b.WriteString("\r\n")
				line = 0
			}
			brk = false
			b.WriteString(" " + w)
			line += 1 + len(w)
		}
	}
	return b.String()
}
