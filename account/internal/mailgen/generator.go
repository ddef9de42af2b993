package mailgen

import (
	"iter"
	"time"
)

// Generator writes corpora for one seed and Options. It holds no state
// between calls, so it may be used from several goroutines.
type Generator struct {
	seed int64
	opts Options
}

// New returns a generator; the same seed and opts give the same
// messages, byte for byte.
func New(seed int64, opts Options) *Generator {
	return &Generator{seed: seed, opts: opts.withDefaults()}
}

// Options returns the options in effect, defaults filled in.
func (g *Generator) Options() Options { return g.opts }

// Messages yields n messages, oldest first unless Options.Shuffle. The
// layout of all n is planned first (a few dozen bytes each); each
// message is written only when it is yielded.
func (g *Generator) Messages(n int) iter.Seq[Message] {
	return func(yield func(Message) bool) {
		if n <= 0 {
			return
		}
		p := makePlan(g.seed, g.opts, n)
		for _, s := range p.slots {
			if !yield(g.render(p, s)) {
				return
			}
		}
	}
}

// DemoMessages yields the demo account's mail: DemoCount messages of the
// Demo preset, dated up to now (the start of its UTC day when now is
// zero).
func DemoMessages(now time.Time) iter.Seq[Message] {
	o := Demo()
	o.Now = now
	return New(DemoSeed, o).Messages(DemoCount)
}
