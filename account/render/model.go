package render

// Document is rendered mail content: blocks of text in reading order, the
// links they point into, and what was blocked.
type Document struct {
	Blocks []Block
	// Links are indexed by Inline.Link.
	Links []Link
	// Remote counts the remote references that were not loaded.
	Remote RemoteReport
	// Truncated is set when the input or the output hit a limit.
	Truncated bool
}

// BlockKind says how a block is laid out.
type BlockKind int

// Block kinds.
const (
	Paragraph BlockKind = iota
	Heading
	ListItem
	// Preformatted is shown in a monospace font, line breaks kept; simple
	// data tables become Preformatted blocks with aligned columns.
	Preformatted
	// Rule is a horizontal line; it has no Inlines.
	Rule
	// Image is an inline (cid:) image, or a remote one when
	// Options.AllowRemote is set; it has no Inlines.
	Image
)

func (k BlockKind) String() string {
	switch k {
	case Paragraph:
		return "paragraph"
	case Heading:
		return "heading"
	case ListItem:
		return "list item"
	case Preformatted:
		return "preformatted"
	case Rule:
		return "rule"
	case Image:
		return "image"
	}
	return "unknown"
}

// Block is one paragraph-level piece of a Document.
type Block struct {
	Kind BlockKind
	// Level is the heading level, 1 to 6.
	Level int
	// Ordered, Depth (1 for a top-level list) and Number (of ordered
	// items) describe a ListItem.
	Ordered bool
	Depth   int
	Number  int
	// Quote is the block-quote depth, 0 outside quotes; any kind can be
	// quoted.
	Quote int
	// Inlines is the text; a "\n" inside an Inline is a line break.
	Inlines []Inline
	// CID is the Content-ID (without angle brackets) of an Image taken
	// from the message's inline attachments.
	CID string
	// Src is the address of a remote Image, only ever set when
	// Options.AllowRemote is on.
	Src string
	// Alt is the image's alternative text.
	Alt string
}

// Inline is a run of text with one style.
type Inline struct {
	Text   string
	Bold   bool
	Italic bool
	Code   bool
	// Link indexes Document.Links; -1 for plain text.
	Link int
}

// RemoteReport says which remote references were blocked.
type RemoteReport struct {
	// Count is the number of references that would have fetched something.
	Count int
	// Hosts are the hosts they point at, sorted and unique.
	Hosts []string
	// Trackers are the hosts of references that look like tracking
	// (tiny or hidden images, tracking paths, opaque tokens), sorted.
	Trackers []string
}

// Link is the target of a hyperlink and what the reader should warn about.
type Link struct {
	// Href is the target as written (entities decoded, surrounding space,
	// tabs and line breaks removed).
	Href string
	// Text is the visible text of the link.
	Text string
	// Allowed is set only for http, https and mailto targets the reader
	// may open.
	Allowed bool
	// Host is the real target host in ASCII (punycode) form, HostUnicode
	// in Unicode form; for mailto they are the address's domain.
	Host        string
	HostUnicode string
	Warnings    []LinkWarning
}

// LinkWarning is a reason to confirm before opening a link.
type LinkWarning int

// Link warnings.
const (
	// TextHostMismatch: the visible text names a different host or
	// address than the target.
	TextHostMismatch LinkWarning = iota + 1
	// Punycode: the host has internationalized (xn--) labels; show
	// HostUnicode next to Host.
	Punycode
	// MixedScript: a host label mixes scripts (Latin with Cyrillic...) or
	// is made of characters that imitate Latin letters.
	MixedScript
	// RawIP: the host is a numeric address in any notation.
	RawIP
	// DisallowedScheme: not http, https or mailto (javascript:, data:,
	// file:, relative or UNC paths ...); the link is not Allowed.
	DisallowedScheme
	// UserInfo: the target hides a user name before '@', as in
	// https://www.bank.example@evil.example/.
	UserInfo
)

func (w LinkWarning) String() string {
	switch w {
	case TextHostMismatch:
		return "the link text names a different site"
	case Punycode:
		return "internationalized host name"
	case MixedScript:
		return "host name imitates another script"
	case RawIP:
		return "numeric host address"
	case DisallowedScheme:
		return "link type not allowed"
	case UserInfo:
		return "user name hidden in the address"
	}
	return "unknown"
}

// Has reports whether l carries warning w.
func (l Link) Has(w LinkWarning) bool {
	for _, x := range l.Warnings {
		if x == w {
			return true
		}
	}
	return false
}
