// Package roundtrip holds only tests: a message built by transport/rfc822
// and submitted by transport/smtp is read back over transport/imap and
// transport/pop3 from the real test servers, byte for byte.
package roundtrip
