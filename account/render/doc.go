// Package render turns untrusted mail content into a neutral, safe document
// model for the reader, and computes the trust checks the reader shows.
//
// HTML is never shown as HTML: HTML converts it into Blocks of styled text,
// links and inline cid: images, dropping everything that could run, hide or
// fetch. Remote references are only counted (RemoteReport); nothing in a
// Document points at a remote resource unless Options.AllowRemote is set.
// Text does the same for text/plain. CheckSender, SafeText and AuthResults
// describe how far the header can be trusted, and SanitizedHTML writes a
// standalone copy for "Open in browser".
//
// The converter streams tokens from golang.org/x/net/html's tokenizer and
// keeps its own bounded element stack, so input size, nesting depth and
// output are all bounded and no code path recurses over the input.
package render
