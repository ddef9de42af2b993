// Package explain turns any error Wren meets into words for people: a
// title, what happened, what to do, whether trying again helps and what
// became of the message being sent, plus redacted technical details for a
// "Copy details" button.
//
// The words are Wren's own (errors.md §3 gives the facts); every catalog
// code of the transport has its own, and so has every sentinel error of the
// account packages. Server texts and raw error texts appear only in the
// details, passwords and tokens never.
package explain
