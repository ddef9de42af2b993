package render

import "wren/transport/rfc822"

// Default limits.
const (
	DefaultMaxInput  = 4 << 20
	DefaultMaxBlocks = 20000
	// maxDepth bounds the element stack; deeper elements are treated as
	// transparent, their text kept.
	maxDepth = 256
	// maxQuote bounds the quote and list depth a block reports.
	maxQuote = 32
)

// Options controls a conversion. The zero value is the safe default.
type Options struct {
	// AllowRemote turns remote <img> into Image blocks with Src, for the
	// reader's "Load remote content". Images that look like trackers are
	// never loaded.
	AllowRemote bool
	// MaxInput cuts longer input (bytes); 0 means DefaultMaxInput.
	MaxInput int
	// MaxBlocks caps the output; 0 means DefaultMaxBlocks.
	MaxBlocks int

	// inline holds the message's inline parts by Content-ID; nil when
	// converting bare HTML (cid: images are then kept unresolved).
	inline map[string]*rfc822.Attachment
	// base is the host of the message's Content-Base or
	// Content-Location, which relative references would resolve against.
	base string
}

func (o Options) withDefaults() Options {
	if o.MaxInput <= 0 {
		o.MaxInput = DefaultMaxInput
	}
	if o.MaxBlocks <= 0 {
		o.MaxBlocks = DefaultMaxBlocks
	}
	return o
}
