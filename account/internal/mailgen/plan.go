package mailgen

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

// kind is what sort of mail a conversation is.
type kind uint8

const (
	kindConv       kind = iota // people writing to each other
	kindNewsletter             // HTML list mail
	kindNotice                 // automated plain text
	kindJunk                   // spam
)

// Participants of a conversation, as stored in conv.senders.
const (
	roleOwner uint8 = iota
	roleContact
	roleThird
)

// conv is one conversation: a thread or a standalone message.
type conv struct {
	kind    kind
	src     int // topic, newsletter, notifier or spammer index
	item    int // which issue, notice or spam text
	contact int // people index
	third   int // people index, or -1
	fwdAt   int // position of a forward to third, or -1
	senders []uint8
	dates   []time.Time
}

// slot is one message of the plan.
type slot struct {
	conv   int32
	pos    int16
	html   bool
	attach bool
	folder string
	flags  []string
}

// plan is the whole corpus before any message is written: small enough
// to hold for 100k messages, and enough to write any message alone.
type plan struct {
	convs []conv
	slots []slot // in output order
}

// newRand returns the random stream for one purpose of one seed.
func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), stream))
}

// Stream numbers; messages use their own (see msgStream).
const (
	streamPlan uint64 = 1 + iota
	streamOrder
)

func msgStream(c, pos int) uint64 { return 1<<40 | uint64(c)<<16 | uint64(pos) }

// makePlan lays out n messages: conversation sizes, kinds, exact counts
// for the ratios, dates, folders and flags.
func makePlan(seed int64, o Options, n int) *plan {
	r := newRand(seed, streamPlan)
	p := &plan{}

	threaded := int(math.Round(float64(n) * o.ThreadRatio))
	if threaded == 1 {
		threaded = 0 // a thread needs two messages
	}
	var slots []slot
	add := func(c conv, size int) {
		ci := int32(len(p.convs))
		p.convs = append(p.convs, c)
		for pos := range size {
			slots = append(slots, slot{conv: ci, pos: int16(pos)})
		}
	}
	for rem := threaded; rem > 0; {
		size := min(2+r.IntN(5), rem)
		if rem-size == 1 {
			if size > 2 {
				size--
			} else {
				size++
			}
		}
		rem -= size
		add(conv{kind: kindConv}, size)
	}
	singles := n - threaded
	junk := int(math.Round(float64(singles) * o.JunkRatio))
	for i := range singles {
		k := kindConv
		if i < junk {
			k = kindJunk
		}
		add(conv{kind: k}, 1)
	}

	// Exact shares: the first round(n*ratio) of a seeded permutation.
	for i, pi := range r.Perm(n) {
		slots[pi].html = i < int(math.Round(float64(n)*o.HTMLRatio))
	}
	for i, pi := range r.Perm(n) {
		slots[pi].attach = i < int(math.Round(float64(n)*o.AttachmentRatio))
	}

	// Standalone HTML is a newsletter; standalone plain text is a notice
	// or a lone personal message.
	for _, s := range slots {
		c := &p.convs[s.conv]
		if c.kind != kindConv || len(slotsOf(slots, s.conv)) > 1 {
			continue
		}
		switch {
		case s.html:
			c.kind = kindNewsletter
		case r.IntN(2) == 0:
			c.kind = kindNotice
		}
	}
	for ci := range p.convs {
		fillConv(r, &p.convs[ci], sizeOf(slots, int32(ci)), o)
	}
	for i := range slots {
		placeSlot(r, p, &slots[i], o)
	}

	sort.SliceStable(slots, func(i, j int) bool {
		return dateOf(p, slots[i]).Before(dateOf(p, slots[j]))
	})
	if o.Shuffle {
		ro := newRand(seed, streamOrder)
		ro.Shuffle(len(slots), func(i, j int) { slots[i], slots[j] = slots[j], slots[i] })
	}
	p.slots = slots
	return p
}

// slotsOf and sizeOf rely on add() having appended a conversation's
// slots together; conversation ci's size is read from its slots.
func slotsOf(slots []slot, ci int32) []slot {
	i := sort.Search(len(slots), func(i int) bool { return slots[i].conv >= ci })
	j := i
	for j < len(slots) && slots[j].conv == ci {
		j++
	}
	return slots[i:j]
}

func sizeOf(slots []slot, ci int32) int { return len(slotsOf(slots, ci)) }

func dateOf(p *plan, s slot) time.Time { return p.convs[s.conv].dates[s.pos] }

// fillConv picks who and what a conversation is, and its dates.
func fillConv(r *rand.Rand, c *conv, size int, o Options) {
	c.third, c.fwdAt = -1, -1
	switch c.kind {
	case kindNewsletter:
		c.src = r.IntN(len(newsletters))
		c.item = r.IntN(len(newsIssues[newsletters[c.src].kind]))
	case kindNotice:
		c.src = r.IntN(len(notifiers))
		c.item = r.IntN(len(noticeTexts[notifiers[c.src].kind]))
	case kindJunk:
		c.src = r.IntN(len(spammers))
		c.item = r.IntN(len(junkTexts))
	default:
		c.src = r.IntN(len(topics))
		c.contact = pickPerson(r, topics[c.src], -1)
	}
	c.senders = make([]uint8, size)
	if c.kind == kindConv {
		fillSenders(r, c, size)
	} else {
		c.senders[0] = roleContact
	}

	// Gaps between replies: minutes to a couple of days.
	gaps := make([]time.Duration, size)
	var total time.Duration
	for i := 1; i < size; i++ {
		gaps[i] = time.Duration(5+r.IntN(48*60)) * time.Minute
		total += gaps[i]
	}
	start := o.Now.Add(-o.Span)
	if room := o.Span - total; room > 0 {
		start = start.Add(time.Duration(r.Int64N(int64(room))))
	}
	c.dates = make([]time.Time, size)
	t := start.Truncate(time.Second)
	for i := range size {
		t = t.Add(gaps[i])
		c.dates[i] = t
	}
}

// fillSenders decides who writes each message of a conversation: the
// owner and the contact take turns, a third person sometimes joins, and
// sometimes the owner forwards the thread to them.
func fillSenders(r *rand.Rand, c *conv, size int) {
	t := topics[c.src]
	if size >= 3 && r.IntN(4) == 0 {
		c.third = pickPerson(r, t, c.contact)
	}
	who := roleContact
	if r.IntN(3) == 0 {
		who = roleOwner
	}
	for pos := range size {
		c.senders[pos] = who
		if who == roleOwner {
			who = roleContact
		} else {
			who = roleOwner
		}
	}
	if c.third < 0 {
		return
	}
	// Either the third person is cc'd and chimes in, or the owner
	// forwards the thread to them and they answer.
	if r.IntN(3) == 0 {
		for pos := 1; pos < size; pos++ {
			if c.senders[pos] == roleOwner {
				c.fwdAt = pos
				break
			}
		}
	}
	for pos := 2; pos < size; pos++ {
		if c.senders[pos] != roleContact {
			continue
		}
		if (c.fwdAt >= 0 && pos > c.fwdAt) || (c.fwdAt < 0 && r.IntN(2) == 0) {
			c.senders[pos] = roleThird
		}
	}
}

// pickPerson picks a correspondent who speaks the topic's language,
// preferring the matching kind (work or private), other than not.
func pickPerson(r *rand.Rand, t topic, not int) int {
	var best, ok []int
	for i, p := range people {
		if i == not || p.lang != t.lang {
			continue
		}
		ok = append(ok, i)
		if p.work == t.work {
			best = append(best, i)
		}
	}
	switch {
	case len(best) > 0:
		return best[r.IntN(len(best))]
	case len(ok) > 0:
		return ok[r.IntN(len(ok))]
	}
	for {
		if i := r.IntN(len(people)); i != not {
			return i
		}
	}
}

// placeSlot chooses the folder and the flags of one message.
func placeSlot(r *rand.Rand, p *plan, s *slot, o Options) {
	c := &p.convs[s.conv]
	pos := int(s.pos)
	age := o.Now.Sub(c.dates[pos])
	sent := c.kind == kindConv && c.senders[pos] == roleOwner
	switch {
	case sent:
		s.folder = FolderSent
	case c.kind == kindJunk:
		s.folder = FolderJunk
	case c.kind == kindNewsletter && r.IntN(5) != 0:
		s.folder = FolderNewsletters
	case c.kind == kindConv && topics[c.src].work && r.IntN(5) < 3:
		s.folder = FolderWork
	case age > 365*24*time.Hour && r.IntN(2) == 0:
		s.folder = FolderArchive
	default:
		s.folder = FolderInbox
	}
	seen := sent || r.Float64() < 0.5 || (age > 14*24*time.Hour && r.Float64() < 0.9)
	if c.kind == kindJunk {
		seen = r.IntN(3) == 0
	}
	if seen {
		s.flags = append(s.flags, FlagSeen)
	}
	if !sent && c.kind == kindConv && r.IntN(20) == 0 {
		s.flags = append(s.flags, FlagFlagged)
	}
	if !sent && pos+1 < len(c.senders) && c.senders[pos+1] == roleOwner {
		s.flags = append(s.flags, FlagAnswered)
	}
}
