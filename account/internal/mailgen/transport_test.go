package mailgen

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"net/mail"
	"net/netip"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// Hashes of the output from before Transport existed (commit 8b05c87),
// so turning it off must keep every byte.
const (
	corpusNoTransportHash = "802434cf38710c37403785e875bf84322001316013ceac3f696cfeac2784e91d" // seed 42, 200 messages
	demoHash              = "d034806ebc61c038c3f94ddb9fed7420aeb05405d89b9a5b4e1b9e55d528780f" // DemoMessages(testNow)
)

func corpusHash(msgs func(func(Message) bool)) string {
	h := sha256.New()
	for m := range msgs {
		d := digest(m)
		h.Write(d[:])
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestTransportOffUnchanged(t *testing.T) {
	o := corpusOpts()
	o.Transport = false
	if got := corpusHash(New(42, o).Messages(200)); got != corpusNoTransportHash {
		t.Errorf("Corpus without Transport: hash %s, want %s", got, corpusNoTransportHash)
	}
	if Demo().Transport {
		t.Error("the Demo preset has Transport on")
	}
	if got := corpusHash(DemoMessages(testNow)); got != demoHash {
		t.Errorf("Demo: hash %s, want %s", got, demoHash)
	}
}

// transportPairs generates n messages with and without Transport.
func transportPairs(t *testing.T, seed int64, n int) (on, off []parsed) {
	t.Helper()
	o := corpusOpts()
	if !o.Transport {
		t.Fatal("the Corpus preset has Transport off")
	}
	on = collect(t, New(seed, o), n)
	o.Transport = false
	off = collect(t, New(seed, o), n)
	return on, off
}

// TestTransportOnlyAddsFields: the message's own fields, body and
// metadata stay as they were; the new fields come above and below.
func TestTransportOnlyAddsFields(t *testing.T) {
	on, off := transportPairs(t, 31, 300)
	for i := range on {
		a, b := on[i], off[i]
		if a.Folder != b.Folder || !slices.Equal(a.Flags, b.Flags) || !a.Date.Equal(b.Date) || a.MessageID != b.MessageID {
			t.Fatalf("message %d: metadata differs: %v %v %v %s / %v %v %v %s", i,
				a.Folder, a.Flags, a.Date, a.MessageID, b.Folder, b.Flags, b.Date, b.MessageID)
		}
		headOn, bodyOn := splitHead(a.Raw)
		headOff, bodyOff := splitHead(b.Raw)
		if !bytes.Equal(bodyOn, bodyOff) {
			t.Errorf("%s: body differs", a.MessageID)
		}
		lead, _, ok := bytes.Cut(headOn, headOff)
		if !ok {
			t.Errorf("%s: the header without Transport is not kept whole:\n%s", a.MessageID, headOn)
			continue
		}
		if !bytes.HasPrefix(lead, []byte("Received: ")) && !bytes.HasPrefix(lead, []byte("Return-Path: ")) {
			t.Errorf("%s: header starts %q", a.MessageID, lead[:min(len(lead), 40)])
		}
	}
}

var (
	docPrefixes = []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"),
		netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("2001:db8::/32"),
	}
	bracketIP = regexp.MustCompile(`\[(?:IPv6:)?([0-9a-fA-F:.]+)\]`)
	base64Re  = regexp.MustCompile(`^[A-Za-z0-9+/]+=*$`)
	// failedCheck finds a check that did not pass, not "dis=none".
	failedCheck = regexp.MustCompile(`(^|\s)(spf|dkim|dmarc)=(fail|softfail|neutral|none)\b`)
)

// dkimTags reads a DKIM-Signature (or ARC) value, white space removed.
func dkimTags(v string) map[string]string {
	tags := map[string]string{}
	for _, tag := range strings.Split(strings.Join(strings.Fields(v), ""), ";") {
		if k, val, ok := strings.Cut(tag, "="); ok {
			tags[k] = val
		}
	}
	return tags
}

func TestTransportFields(t *testing.T) {
	on, off := transportPairs(t, 19, 600)
	var incoming, arc, news, newsTwoSigs, spam, fails int
	for i, m := range on {
		where := fmt.Sprintf("message %d (%s, %s)", i, m.MessageID, m.Folder)
		if len(m.p.Warnings) > 0 {
			t.Errorf("%s: warnings %v", where, m.p.Warnings)
		}
		std, err := mail.ReadMessage(bytes.NewReader(m.Raw))
		if err != nil {
			t.Fatalf("%s: net/mail: %v", where, err)
		}
		if d, err := std.Header.Date(); err != nil || !d.Equal(m.Date) {
			t.Errorf("%s: net/mail Date %v, %v", where, d, err)
		}

		// Line lengths: the generator folds what it adds below 78.
		head, _ := splitHead(m.Raw)
		headOff, _ := splitHead(off[i].Raw)
		lead, tail, _ := bytes.Cut(head, headOff)
		for _, line := range bytes.Split(append(lead, tail...), []byte("\r\n")) {
			if len(line) > 78 {
				t.Errorf("%s: folded line of %d octets: %q", where, len(line), line)
			}
		}
		for _, line := range bytes.Split(head, []byte("\r\n")) {
			if len(line) > 998 {
				t.Errorf("%s: header line of %d octets", where, len(line))
			}
		}

		// The Received chain: newest first, a few seconds after Date.
		recv := std.Header["Received"]
		sent := m.Folder == FolderSent
		switch {
		case sent && (len(recv) < 1 || len(recv) > 2):
			t.Errorf("%s: %d Received fields in Sent mail", where, len(recv))
		case !sent && (len(recv) < 3 || len(recv) > 9):
			t.Errorf("%s: %d Received fields", where, len(recv))
		}
		var prev time.Time
		for j, r := range recv {
			at, err := mail.ParseDate(strings.TrimSpace(r[strings.LastIndexByte(r, ';')+1:]))
			if err != nil {
				t.Errorf("%s: Received %d date: %v", where, j, err)
				continue
			}
			if at.Before(m.Date) || at.After(m.Date.Add(time.Minute)) {
				t.Errorf("%s: Received %d at %v, Date %v", where, j, at, m.Date)
			}
			if j > 0 && at.After(prev) {
				t.Errorf("%s: Received %d at %v is newer than the one above it (%v)", where, j, at, prev)
			}
			prev = at
			for _, sub := range bracketIP.FindAllStringSubmatch(r, -1) {
				ip, err := netip.ParseAddr(sub[1])
				if err != nil || !slices.ContainsFunc(docPrefixes, func(p netip.Prefix) bool { return p.Contains(ip) }) {
					t.Errorf("%s: address %q outside the documentation ranges", where, sub[1])
				}
			}
		}
		if std.Header.Get("User-Agent") == "" && std.Header.Get("X-Mailer") == "" && m.p.Header.Get("Auto-Submitted") == "" {
			t.Errorf("%s: neither User-Agent nor X-Mailer", where)
		}
		if sent {
			continue
		}

		incoming++
		if rp := std.Header.Get("Return-Path"); !strings.HasPrefix(rp, "<") || !strings.Contains(rp, "@") {
			t.Errorf("%s: Return-Path %q", where, rp)
		}
		if std.Header.Get("Delivered-To") == "" {
			t.Errorf("%s: no Delivered-To", where)
		}
		sigs := std.Header["Dkim-Signature"]
		if len(sigs) == 0 {
			t.Errorf("%s: no DKIM-Signature", where)
		}
		fromDomain := m.p.From[0].Address[strings.LastIndexByte(m.p.From[0].Address, '@')+1:]
		ownSig := false
		for _, s := range sigs {
			tags := dkimTags(s)
			if tags["v"] != "1" || tags["a"] != "rsa-sha256" || tags["c"] != "relaxed/relaxed" || tags["s"] == "" ||
				!strings.Contains(tags["h"], "from") || len(tags["bh"]) != 44 || len(tags["b"]) != 344 ||
				!base64Re.MatchString(tags["bh"]) || !base64Re.MatchString(tags["b"]) {
				t.Errorf("%s: DKIM-Signature %q", where, s)
			}
			ownSig = ownSig || tags["d"] == fromDomain
		}
		if !ownSig {
			t.Errorf("%s: no signature of %s", where, fromDomain)
		}
		ar := std.Header.Get("Authentication-Results")
		for _, check := range []string{"dkim=", "spf=", "dmarc="} {
			if !strings.Contains(ar, check) {
				t.Errorf("%s: Authentication-Results without %s: %q", where, check, ar)
			}
		}
		if failedCheck.MatchString(ar) {
			fails++
		}
		if seal := std.Header.Get("Arc-Seal"); seal != "" {
			arc++
			if std.Header.Get("Arc-Message-Signature") == "" || std.Header.Get("Arc-Authentication-Results") == "" {
				t.Errorf("%s: ARC set incomplete", where)
			}
			if tags := dkimTags(seal); tags["i"] != "1" || len(tags["b"]) != 344 {
				t.Errorf("%s: ARC-Seal %q", where, seal)
			}
		}
		if std.Header.Get("X-Spam-Status") != "" {
			spam++
		}
		if m.Folder == FolderNewsletters {
			news++
			if len(sigs) == 2 {
				newsTwoSigs++
			}
			if std.Header.Get("Precedence") != "bulk" || std.Header.Get("List-Id") == "" ||
				std.Header.Get("List-Unsubscribe") == "" || std.Header.Get("List-Unsubscribe-Post") == "" {
				t.Errorf("%s: newsletter without its list fields", where)
			}
		}
	}
	t.Logf("incoming %d: ARC %d, X-Spam-Status %d, a failed check %d; newsletters %d, two signatures %d",
		incoming, arc, spam, fails, news, newsTwoSigs)
	share := func(k, of int) float64 { return float64(k) / float64(max(of, 1)) }
	if s := share(arc, incoming); s < 0.1 || s > 0.3 {
		t.Errorf("ARC on %d of %d incoming messages, want about a fifth", arc, incoming)
	}
	if s := share(newsTwoSigs, news); news < 20 || s < 0.3 || s > 0.7 {
		t.Errorf("%d of %d newsletters carry two signatures, want about half", newsTwoSigs, news)
	}
	if spam == 0 || spam == incoming || fails == 0 || fails > incoming/4 {
		t.Errorf("of %d incoming: %d with X-Spam-Status, %d failing a check", incoming, spam, fails)
	}
}

// TestTransportHeaderSize: the header blocks are as long as real mail's.
func TestTransportHeaderSize(t *testing.T) {
	var heads, sizes []int
	for m := range New(1, corpusOpts()).Messages(500) {
		heads = append(heads, len(headerOf(m.Raw)))
		sizes = append(sizes, len(m.Raw))
	}
	slices.Sort(heads)
	slices.Sort(sizes)
	median := heads[len(heads)/2]
	t.Logf("median header %d bytes, median message %d bytes", median, sizes[len(sizes)/2])
	if median < 2500 || median > 6000 {
		t.Errorf("median header %d bytes, want 2.5 to 6 KB", median)
	}
}

func TestTransportDeterministic(t *testing.T) {
	o := corpusOpts()
	a := digests(New(42, o), 200)
	if b := digests(New(42, o), 200); !slices.Equal(a, b) {
		t.Fatal("two runs with Transport differ")
	}
	o.Shuffle = true
	if b := digests(New(42, o), 200); slices.Equal(a, b) {
		t.Fatal("Shuffle kept the order")
	}
	o.Shuffle, o.Transport = false, false
	if b := digests(New(42, o), 200); slices.Equal(a, b) {
		t.Fatal("Transport changed nothing")
	}
}

func TestFold(t *testing.T) {
	got := fold("X-Test", "short words", "\nforced", strings.Repeat("a", 70), "tail")
	want := "X-Test: short words\r\n forced\r\n " + strings.Repeat("a", 70) + " tail"
	if got != want {
		t.Errorf("fold:\n%q\nwant\n%q", got, want)
	}
}
