package mailgen

import (
	"time"

	"wren/transport/rfc822"
)

// Options shape a corpus. Ratios are shares of the messages asked for
// (clamped to 0..1); zero means none.
type Options struct {
	// Owner receives the incoming mail and sends what lands in Sent.
	// Empty means DefaultOwner.
	Owner rfc822.Address
	// Now is the newest possible date. Zero means the start of the
	// current UTC day, so runs on the same day agree; set it to pin the
	// output.
	Now time.Time
	// Span is how far back the dates reach; zero means two years.
	Span time.Duration
	// ThreadRatio is the share of messages that belong to a conversation
	// of two or more messages.
	ThreadRatio float64
	// HTMLRatio is the share of messages with an HTML body. Standalone
	// ones are newsletters; every HTML body has remote images.
	HTMLRatio float64
	// AttachmentRatio is the share of messages with at least one
	// attachment (inline cid: images do not count).
	AttachmentRatio float64
	// JunkRatio is the share of standalone messages that are spam, filed
	// in Junk.
	JunkRatio float64
	// Shuffle yields the messages in a seed-derived random order instead
	// of oldest first.
	Shuffle bool
	// MaxAttachmentBytes bounds each attachment; zero means 256 KiB and
	// anything above MaxAttachmentLimit is cut to it.
	MaxAttachmentBytes int
	// Transport adds the header fields mail picks up on its way: a chain
	// of Received fields, DKIM-Signature, ARC and Authentication-Results,
	// Return-Path, List-* for newsletters, X- fields of mail programs and
	// filters, so header blocks are as long as real mail's (a median of
	// about 3–4 KB).
	Transport bool
}

// Limits and defaults.
const (
	DefaultSpan               = 730 * 24 * time.Hour
	DefaultMaxAttachmentBytes = 256 << 10
	MaxAttachmentLimit        = 8 << 20
	// minAttachmentBytes keeps the smallest generated file meaningful.
	minAttachmentBytes = 512
)

// DefaultOwner is the mailbox owner when Options.Owner is empty.
var DefaultOwner = rfc822.Address{Name: "Sam Taylor", Address: "sam@wren.example"}

// Corpus is the preset for benchmarks: a mailbox of a busy person.
func Corpus() Options {
	return Options{
		ThreadRatio:     0.4,
		HTMLRatio:       0.25,
		AttachmentRatio: 0.15,
		JunkRatio:       0.03,
		Transport:       true,
	}
}

// Demo preset: the demo account's owner and mix; use it with DemoSeed
// and DemoCount (see DemoMessages).
const (
	DemoSeed    = 2024
	DemoCount   = 200
	DemoAddress = "demo@wren.example"
)

// Demo is the preset of the demo account: DemoCount messages to
// DemoAddress over the last two years.
func Demo() Options {
	return Options{
		Owner:              rfc822.Address{Name: "Robin Demo", Address: DemoAddress},
		ThreadRatio:        0.45,
		HTMLRatio:          0.22,
		AttachmentRatio:    0.18,
		JunkRatio:          0.05,
		MaxAttachmentBytes: 160 << 10,
	}
}

// withDefaults fills the zero fields that have defaults and clamps the
// rest.
func (o Options) withDefaults() Options {
	if o.Owner.Address == "" {
		o.Owner = DefaultOwner
	}
	if o.Now.IsZero() {
		o.Now = time.Now().UTC().Truncate(24 * time.Hour)
	}
	if o.Span <= 0 {
		o.Span = DefaultSpan
	}
	o.ThreadRatio = clamp01(o.ThreadRatio)
	o.HTMLRatio = clamp01(o.HTMLRatio)
	o.AttachmentRatio = clamp01(o.AttachmentRatio)
	o.JunkRatio = clamp01(o.JunkRatio)
	if o.MaxAttachmentBytes <= 0 {
		o.MaxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	o.MaxAttachmentBytes = min(max(o.MaxAttachmentBytes, minAttachmentBytes), MaxAttachmentLimit)
	return o
}

func clamp01(f float64) float64 {
	if f != f || f < 0 { // NaN or negative
		return 0
	}
	return min(f, 1)
}
