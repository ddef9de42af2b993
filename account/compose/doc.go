// Package compose is the headless core of the message composer: it turns
// a received message into a reply or a forward, reads what the user typed
// into the address fields and mailto: links, and checks a draft before it
// is sent (attachment reminder, size limit). It does no I/O and knows
// nothing of the GUI; the session sends what it builds.
package compose
