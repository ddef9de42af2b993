package pop3

// Limits bound what Wren reads from a server, so a broken or hostile server
// cannot exhaust memory. A zero field takes the default.
type Limits struct {
	// MaxMessage bounds one RETR or TOP body, after dot-unstuffing.
	MaxMessage int64
	// MaxResponseLine bounds a status or listing line. RFC 2449 allows 512
	// octets; servers exceed it, so the default is tolerant.
	MaxResponseLine int
	// MaxMessageLine bounds one line of a message body. RFC 5322 allows
	// 998 octets, yet real mail has longer lines.
	MaxMessageLine int
	// MaxListing bounds the number of lines in a LIST, UIDL or CAPA reply.
	MaxListing int
}

// DefaultLimits suit a desktop client.
var DefaultLimits = Limits{
	MaxMessage:      128 << 20,
	MaxResponseLine: 8 << 10,
	MaxMessageLine:  1 << 20,
	MaxListing:      1_000_000,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxMessage > 0 {
		d.MaxMessage = l.MaxMessage
	}
	if l.MaxResponseLine > 0 {
		d.MaxResponseLine = l.MaxResponseLine
	}
	if l.MaxMessageLine > 0 {
		d.MaxMessageLine = l.MaxMessageLine
	}
	if l.MaxListing > 0 {
		d.MaxListing = l.MaxListing
	}
	return d
}

// maxCapaLines bounds a CAPA reply: real servers send about a dozen lines.
const maxCapaLines = 256
