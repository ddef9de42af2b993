// Package rfc822 reads and writes Internet messages (RFC 5322 with MIME).
//
// Parse turns any byte stream into a displayable Message: malformed input
// degrades into warnings, never into a panic, and every size the input can
// choose (nesting depth, part count, header and body bytes) is bounded by
// Limits. Build writes a Draft as a standards-conforming message with CRLF
// line endings, and Envelope gives the SMTP envelope for it.
//
// # Trust
//
// Header text is decoded (RFC 2047, legacy charsets) only after its
// structure is parsed, so an encoded word can never add an address, a
// header field or a line break. Control characters in decoded text are
// replaced with U+FFFD; display names are kept apart from addresses.
//
// go-message supplies the charset tables, the message-ID grammar, header
// writing and the multipart writer; addresses and dates use net/mail (as
// go-message does). The MIME splitter is this package's own: go-message
// stops at the first malformed header or boundary, its parameter parser
// drops a malformed Content-Type whole, and it has no depth or part-count
// limits.
package rfc822
