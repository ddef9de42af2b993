// Package reader is the message pane: one message shown safely. The
// header shows every name with its real address, the trust line says what
// was blocked and what looks wrong, and the body is built from
// account/render's Document as native rich text segments: mail text never
// goes through Fyne's Markdown parser, nothing remote loads unless the
// user asks, links with warnings ask before they open, and attachments are
// saved and opened through account/attach.
//
// Blocking work (parsing, decoding, file and network I/O) runs through
// Deps.Spawn and reaches the widgets with fyne.Do; Show itself only lays
// out what Prepare computed.
package reader
