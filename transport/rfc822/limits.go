package rfc822

// Limits bound the work and memory one Parse may spend. A zero field takes
// its default; exceeding a limit cuts the message there and adds a warning.
type Limits struct {
	// MaxDepth is how deep multiparts and attached messages may nest.
	MaxDepth int
	// MaxParts is how many MIME entities (all levels) are looked at.
	MaxParts int
	// MaxHeaderBytes bounds the header block of each entity.
	MaxHeaderBytes int
	// MaxBodyBytes bounds all decoded bodies of the message together
	// (text, HTML and attachment data).
	MaxBodyBytes int64
	// MaxTextBytes bounds Text and HTML, each.
	MaxTextBytes int
	// MaxMessageBytes bounds how much raw input is read at all.
	MaxMessageBytes int64
}

// Default limits.
const (
	DefaultMaxDepth        = 20
	DefaultMaxParts        = 500
	DefaultMaxHeaderBytes  = 256 << 10
	DefaultMaxBodyBytes    = 64 << 20
	DefaultMaxTextBytes    = 16 << 20
	DefaultMaxMessageBytes = 128 << 20

	// hardMaxDepth keeps recursion shallow whatever the caller asks for.
	hardMaxDepth = 1000
	// maxWarnings keeps a hostile message from growing the warning list.
	maxWarnings = 200
)

// withDefaults fills zero (or negative) fields with the defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxDepth > hardMaxDepth {
		l.MaxDepth = hardMaxDepth
	}
	if l.MaxParts <= 0 {
		l.MaxParts = DefaultMaxParts
	}
	if l.MaxHeaderBytes <= 0 {
		l.MaxHeaderBytes = DefaultMaxHeaderBytes
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.MaxTextBytes <= 0 {
		l.MaxTextBytes = DefaultMaxTextBytes
	}
	if l.MaxMessageBytes <= 0 {
		l.MaxMessageBytes = DefaultMaxMessageBytes
	}
	return l
}
