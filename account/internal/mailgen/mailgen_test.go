package mailgen

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"unicode"
)

func TestMessagesParseCleanly(t *testing.T) {
	msgs := collect(t, New(7, corpusOpts()), 800)
	ids := map[string]bool{}
	for i, m := range msgs {
		where := fmt.Sprintf("message %d (%s)", i, m.MessageID)
		if len(m.p.Warnings) > 0 {
			t.Errorf("%s: warnings %v", where, m.p.Warnings)
		}
		if ids[m.MessageID] {
			t.Errorf("%s: duplicate Message-ID", where)
		}
		ids[m.MessageID] = true
		if m.p.MessageID != m.MessageID {
			t.Errorf("%s: parsed Message-ID %q", where, m.p.MessageID)
		}
		if !m.p.Date.Equal(m.Date) {
			t.Errorf("%s: Date header %v, Message.Date %v", where, m.p.Date, m.Date)
		}
		if len(m.p.From) != 1 || m.p.From[0].Address == "" || len(m.p.To) == 0 || m.p.Subject == "" {
			t.Errorf("%s: From %v To %v Subject %q", where, m.p.From, m.p.To, m.p.Subject)
		}
		if strings.TrimSpace(m.p.Text) == "" {
			t.Errorf("%s: no text body", where)
		}
		for j, line := range bytes.Split(m.Raw, []byte("\r\n")) {
			if bytes.ContainsAny(line, "\r\n") {
				t.Errorf("%s: line %d has a bare CR or LF", where, j)
				break
			}
			if len(line) > 998 {
				t.Errorf("%s: line %d is %d octets", where, j, len(line))
				break
			}
		}
		if !bytes.HasSuffix(m.Raw, []byte("\r\n")) {
			t.Errorf("%s: does not end in CRLF", where)
		}
		for _, c := range headerOf(m.Raw) {
			if c >= 0x80 {
				t.Errorf("%s: 8-bit byte in the header", where)
				break
			}
		}
		if m.Folder == "" {
			t.Errorf("%s: no folder", where)
		}
	}
}

func TestThreadsLinkUp(t *testing.T) {
	msgs := collect(t, New(11, corpusOpts()), 600)
	byID := map[string]parsed{}
	for _, m := range msgs {
		byID[m.MessageID] = m
	}
	replies, forwards := 0, 0
	for _, m := range msgs {
		p := m.p
		if len(p.InReplyTo) == 0 {
			if len(p.References) != 0 {
				t.Errorf("%s: References without In-Reply-To", m.MessageID)
			}
			continue
		}
		replies++
		parent, ok := byID[p.InReplyTo[0]]
		if !ok {
			t.Errorf("%s: In-Reply-To %s is not in the corpus", m.MessageID, p.InReplyTo[0])
			continue
		}
		if n := len(p.References); n == 0 || p.References[n-1] != parent.MessageID {
			t.Errorf("%s: References %v do not end with the parent", m.MessageID, p.References)
		}
		if want := append(slices.Clone(parent.p.References), parent.MessageID); !slices.Equal(p.References, want) {
			t.Errorf("%s: References %v, want parent's chain %v", m.MessageID, p.References, want)
		}
		if !m.Date.After(parent.Date) {
			t.Errorf("%s: dated %v, not after its parent %v", m.MessageID, m.Date, parent.Date)
		}
		name := parent.p.From[0].Name
		switch {
		case strings.HasPrefix(p.Subject, "Fwd: "):
			forwards++
			if !strings.Contains(p.Text, "---------- Forwarded message ---------\nFrom: "+name) {
				t.Errorf("%s: forward without the forwarded header:\n%s", m.MessageID, p.Text)
			}
		case strings.HasPrefix(p.Subject, "Re: "):
			if !strings.Contains(p.Text, ", "+name+" wrote:\n> ") {
				t.Errorf("%s: no quoted reply of %q:\n%s", m.MessageID, name, p.Text)
			}
			base := strings.TrimPrefix(p.Subject, "Re: ")
			if ps := parent.p.Subject; ps != base && "Re: "+ps != p.Subject && strings.TrimPrefix(ps, "Re: ") != base {
				t.Errorf("%s: subject %q does not follow the parent's %q", m.MessageID, p.Subject, ps)
			}
		default:
			t.Errorf("%s: reply subject %q has no Re:/Fwd:", m.MessageID, p.Subject)
		}
	}
	if replies == 0 || forwards == 0 {
		t.Errorf("replies %d, forwards %d: want some of each", replies, forwards)
	}
}

func TestAnsweredMeansOwnerReplied(t *testing.T) {
	g := New(3, corpusOpts())
	msgs := collect(t, g, 500)
	ownerReplied := map[string]bool{}
	for _, m := range msgs {
		if len(m.p.InReplyTo) > 0 && m.p.From[0].Address == g.Options().Owner.Address {
			ownerReplied[m.p.InReplyTo[0]] = true
		}
	}
	answered := 0
	for _, m := range msgs {
		if m.HasFlag(FlagAnswered) != ownerReplied[m.MessageID] {
			t.Errorf("%s: answered flag %v, owner replied %v", m.MessageID, m.HasFlag(FlagAnswered), ownerReplied[m.MessageID])
		}
		if m.HasFlag(FlagAnswered) {
			answered++
		}
		if m.Folder == FolderSent && (m.p.From[0].Address != g.Options().Owner.Address || !m.HasFlag(FlagSeen)) {
			t.Errorf("%s: in Sent from %v with flags %v", m.MessageID, m.p.From, m.Flags)
		}
	}
	if answered == 0 {
		t.Error("no answered messages")
	}
}

func TestHTMLHasRemoteImages(t *testing.T) {
	msgs := collect(t, New(5, corpusOpts()), 600)
	var http, https, cid, html int
	for _, m := range msgs {
		h := m.p.HTML
		if h == "" {
			continue
		}
		html++
		if !strings.Contains(h, `<img src="http://`) && !strings.Contains(h, `<img src="https://`) {
			t.Errorf("%s: HTML without a remote image", m.MessageID)
		}
		if strings.Contains(h, `src="http://`) {
			http++
		}
		if strings.Contains(h, `src="https://`) {
			https++
		}
		if i := strings.Index(h, `src="cid:`); i >= 0 {
			cid++
			ref := h[i+len(`src="cid:`):]
			ref = ref[:strings.IndexByte(ref, '"')]
			found := false
			for _, a := range m.p.Attachments {
				if a.ContentID == ref && a.Inline && a.ContentType == "image/png" && len(a.Data) > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: cid:%s has no inline image part", m.MessageID, ref)
			}
		}
	}
	if html == 0 || http == 0 || https == 0 || cid == 0 {
		t.Errorf("HTML %d, with http images %d, https %d, cid %d: want some of each", html, http, https, cid)
	}
}

func TestListMail(t *testing.T) {
	msgs := collect(t, New(9, corpusOpts()), 600)
	lists := 0
	for _, m := range msgs {
		id := m.p.Header.Get("List-Id")
		if m.Folder == FolderNewsletters && id == "" {
			t.Errorf("%s: newsletter without List-Id", m.MessageID)
		}
		if id == "" {
			continue
		}
		lists++
		if !strings.HasSuffix(id, ">") || !strings.Contains(id, "<") {
			t.Errorf("%s: List-Id %q", m.MessageID, id)
		}
		u := m.p.Header.Get("List-Unsubscribe")
		if !strings.Contains(u, "<https://") && !strings.Contains(u, "<mailto:") {
			t.Errorf("%s: List-Unsubscribe %q", m.MessageID, u)
		}
	}
	if lists == 0 {
		t.Error("no list mail")
	}
}

// threadSizes maps each message to the size of its conversation, found
// by the first message ID of its References (or its own).
func threadSizes(msgs []parsed) map[string]int {
	root := func(m parsed) string {
		if len(m.p.References) > 0 {
			return m.p.References[0]
		}
		return m.MessageID
	}
	count := map[string]int{}
	for _, m := range msgs {
		count[root(m)]++
	}
	out := map[string]int{}
	for _, m := range msgs {
		out[m.MessageID] = count[root(m)]
	}
	return out
}

func TestDistributionMatchesOptions(t *testing.T) {
	for _, tc := range []struct{ thread, html, attach, junk float64 }{
		{0.4, 0.25, 0.15, 0.03},
		{0, 0, 0, 0},
		{1, 1, 1, 0},
		{0.7, 0.1, 0.5, 0.1},
	} {
		t.Run(fmt.Sprintf("%v", tc), func(t *testing.T) {
			const n = 400
			o := Options{Now: testNow, ThreadRatio: tc.thread, HTMLRatio: tc.html, AttachmentRatio: tc.attach, JunkRatio: tc.junk,
				MaxAttachmentBytes: 16 << 10} // small files keep the race run short
			msgs := collect(t, New(21, o), n)
			sizes := threadSizes(msgs)
			var threaded, html, attach, junk, singles int
			for _, m := range msgs {
				if sizes[m.MessageID] > 1 {
					threaded++
				} else {
					singles++
				}
				if m.p.HTML != "" {
					html++
				}
				if len(realAttachments(m.p)) > 0 {
					attach++
				}
				if m.Folder == FolderJunk {
					junk++
				}
			}
			want := func(r float64, of int) int { return int(math.Round(r * float64(of))) }
			if threaded != want(tc.thread, n) {
				t.Errorf("threaded %d, want %d", threaded, want(tc.thread, n))
			}
			if html != want(tc.html, n) {
				t.Errorf("HTML %d, want %d", html, want(tc.html, n))
			}
			if attach != want(tc.attach, n) {
				t.Errorf("with attachments %d, want %d", attach, want(tc.attach, n))
			}
			if junk != want(tc.junk, singles) {
				t.Errorf("junk %d, want %d of %d standalone", junk, want(tc.junk, singles), singles)
			}
		})
	}
}

func TestAttachmentsBounded(t *testing.T) {
	for _, limit := range []int{600, 4096, 64 << 10} {
		o := corpusOpts()
		o.AttachmentRatio, o.MaxAttachmentBytes = 0.5, limit
		types := map[string]bool{}
		for _, m := range collect(t, New(13, o), 300) {
			for _, a := range realAttachments(m.p) {
				types[a.ContentType] = true
				if a.Size > int64(limit) || a.Size == 0 || a.Filename == "" {
					t.Errorf("limit %d: %s: attachment %q of %d bytes", limit, m.MessageID, a.Filename, a.Size)
				}
			}
		}
		if len(types) < 4 {
			t.Errorf("limit %d: only types %v", limit, types)
		}
	}
}

func TestNonASCIIHeaders(t *testing.T) {
	scripts := map[string]func(rune) bool{
		"Cyrillic": func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) },
		"Greek":    func(r rune) bool { return unicode.Is(unicode.Greek, r) },
		"Japanese": func(r rune) bool { return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) },
		"Latin-1":  func(r rune) bool { return strings.ContainsRune("äöüßéèàçÉ", r) },
		"emoji":    func(r rune) bool { return r >= 0x1F300 },
	}
	found := map[string]bool{}
	for _, m := range collect(t, New(17, corpusOpts()), 800) {
		text := m.p.Subject
		for _, a := range append(m.p.From, m.p.To...) {
			text += a.Name
		}
		for _, a := range m.p.Attachments {
			text += a.Filename
		}
		for name, is := range scripts {
			if strings.IndexFunc(text, is) >= 0 {
				found[name] = true
			}
		}
	}
	for name := range scripts {
		if !found[name] {
			t.Errorf("no %s in any decoded subject, name or file name", name)
		}
	}
}

func digest(m Message) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%v|%d|%s|", m.Folder, m.Flags, m.Date.UnixNano(), m.MessageID)
	h.Write(m.Raw)
	return [32]byte(h.Sum(nil))
}

func digests(g *Generator, n int) [][32]byte {
	var out [][32]byte
	for m := range g.Messages(n) {
		out = append(out, digest(m))
	}
	return out
}

func TestDeterministic(t *testing.T) {
	a := digests(New(42, corpusOpts()), 300)
	b := digests(New(42, corpusOpts()), 300)
	if !slices.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	if c := digests(New(43, corpusOpts()), 300); slices.Equal(a, c) {
		t.Fatal("seeds 42 and 43 give the same corpus")
	}

	// Shuffling changes the order only.
	o := corpusOpts()
	o.Shuffle = true
	s := digests(New(42, o), 300)
	if slices.Equal(a, s) {
		t.Fatal("Shuffle kept the order")
	}
	less := func(x, y [32]byte) int { return bytes.Compare(x[:], y[:]) }
	slices.SortFunc(s, less)
	sorted := slices.Clone(a)
	slices.SortFunc(sorted, less)
	if !slices.Equal(sorted, s) {
		t.Fatal("Shuffle changed the messages, not only their order")
	}
}

func TestDatesSpreadOldestFirst(t *testing.T) {
	o := corpusOpts()
	msgs := collect(t, New(8, o), 500)
	start := testNow.Add(-DefaultSpan)
	for i, m := range msgs {
		if m.Date.Before(start) || m.Date.After(testNow) {
			t.Errorf("%s: date %v outside [%v, %v]", m.MessageID, m.Date, start, testNow)
		}
		if i > 0 && m.Date.Before(msgs[i-1].Date) {
			t.Errorf("%s: dated %v, before the previous %v", m.MessageID, m.Date, msgs[i-1].Date)
		}
	}
	first, last := msgs[0].Date, msgs[len(msgs)-1].Date
	if last.Sub(first) < DefaultSpan*9/10 {
		t.Errorf("dates span only %v to %v", first, last)
	}
}

func TestDemoPreset(t *testing.T) {
	var msgs []Message
	for m := range DemoMessages(testNow) {
		msgs = append(msgs, m)
	}
	if len(msgs) != DemoCount {
		t.Fatalf("demo has %d messages, want %d", len(msgs), DemoCount)
	}
	folders := map[string]int{}
	flags := map[string]int{}
	for _, m := range msgs {
		folders[m.Folder]++
		for _, f := range m.Flags {
			flags[f]++
		}
		if !m.HasFlag(FlagSeen) {
			flags["unread"]++
		}
		if !bytes.Contains(headerOf(m.Raw), []byte("<"+DemoAddress+">")) {
			t.Errorf("%s: the demo address is neither sender nor recipient", m.MessageID)
		}
		if bytes.Contains(bytes.ToLower(m.Raw), []byte("lorem")) {
			t.Errorf("%s: lorem ipsum", m.MessageID)
		}
	}
	for _, f := range []string{FolderInbox, FolderSent, FolderArchive, FolderNewsletters, FolderWork, FolderJunk} {
		if folders[f] == 0 {
			t.Errorf("no messages in %s (%v)", f, folders)
		}
	}
	if folders[FolderJunk] > 10 {
		t.Errorf("%d messages in Junk, want a few", folders[FolderJunk])
	}
	for _, f := range []string{FlagFlagged, FlagAnswered, "unread"} {
		if flags[f] == 0 {
			t.Errorf("no %s messages (%v)", f, flags)
		}
	}
	// The same day gives the same demo.
	var again []Message
	for m := range DemoMessages(testNow) {
		again = append(again, m)
	}
	for i := range msgs {
		if digest(msgs[i]) != digest(again[i]) {
			t.Fatalf("demo message %d differs between runs", i)
		}
	}
}

func TestIteratorStops(t *testing.T) {
	n := 0
	for range New(1, corpusOpts()).Messages(50) {
		n++
		if n == 5 {
			break
		}
	}
	if n != 5 {
		t.Fatalf("got %d messages before break", n)
	}
	for range New(1, corpusOpts()).Messages(0) {
		t.Fatal("Messages(0) yielded a message")
	}
}

func TestOptionsDefaults(t *testing.T) {
	o := New(1, Options{ThreadRatio: 2, HTMLRatio: math.NaN(), AttachmentRatio: -1, MaxAttachmentBytes: 1 << 30}).Options()
	if o.Owner != DefaultOwner || o.Span != DefaultSpan || o.Now.IsZero() {
		t.Errorf("defaults not filled: %+v", o)
	}
	if o.ThreadRatio != 1 || o.HTMLRatio != 0 || o.AttachmentRatio != 0 || o.MaxAttachmentBytes != MaxAttachmentLimit {
		t.Errorf("not clamped: %+v", o)
	}
}

func BenchmarkMessages(b *testing.B) {
	g := New(1, corpusOpts())
	var bytesOut int64
	n := 0
	for b.Loop() {
		for m := range g.Messages(1000) {
			bytesOut += int64(len(m.Raw))
			n++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/msg")
	b.ReportMetric(float64(bytesOut)/float64(n), "bytes/msg")
}
