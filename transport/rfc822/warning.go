package rfc822

import "fmt"

// WarningKind classifies what Parse had to work around.
type WarningKind string

// Warning kinds.
const (
	WarnHeader      WarningKind = "header"       // malformed header line or field name
	WarnAddress     WarningKind = "address"      // an address field did not parse
	WarnDate        WarningKind = "date"         // the Date field did not parse
	WarnMessageID   WarningKind = "message-id"   // a message-ID field did not parse
	WarnContentType WarningKind = "content-type" // malformed media type or parameters
	WarnCharset     WarningKind = "charset"      // unknown charset or invalid bytes
	WarnEncoding    WarningKind = "encoding"     // unknown or corrupt transfer encoding
	WarnStructure   WarningKind = "structure"    // broken multipart boundaries
	WarnDepth       WarningKind = "depth"        // MaxDepth reached
	WarnParts       WarningKind = "parts"        // MaxParts reached
	WarnHeaderSize  WarningKind = "header-size"  // MaxHeaderBytes reached
	WarnBodySize    WarningKind = "body-size"    // MaxBodyBytes reached
	WarnTextSize    WarningKind = "text-size"    // MaxTextBytes reached
	WarnMessageSize WarningKind = "message-size" // MaxMessageBytes reached
	WarnTooMany     WarningKind = "too-many"     // further warnings were dropped
)

// Warning is one thing Parse worked around.
type Warning struct {
	Kind WarningKind
	// Section is the IMAP part number the warning is about; empty for the
	// message header.
	Section string
	Detail  string
}

func (w Warning) String() string {
	if w.Section == "" {
		return fmt.Sprintf("%s: %s", w.Kind, w.Detail)
	}
	return fmt.Sprintf("%s (part %s): %s", w.Kind, w.Section, w.Detail)
}

// HasWarning reports whether m carries a warning of kind k.
func (m *Message) HasWarning(k WarningKind) bool {
	for _, w := range m.Warnings {
		if w.Kind == k {
			return true
		}
	}
	return false
}

// warn appends a warning, keeping the list bounded.
func (m *Message) warn(k WarningKind, section, format string, args ...any) {
	switch {
	case len(m.Warnings) < maxWarnings:
		m.Warnings = append(m.Warnings, Warning{Kind: k, Section: section, Detail: fmt.Sprintf(format, args...)})
	case len(m.Warnings) == maxWarnings:
		m.Warnings = append(m.Warnings, Warning{Kind: WarnTooMany, Detail: "further warnings omitted"})
	}
}
