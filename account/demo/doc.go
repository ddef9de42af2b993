// Package demo runs the in-process mail servers behind `wren --demo`: an
// IMAP server (go-imap's imapserver over its in-memory backend) and an SMTP
// submission server (go-smtp) that delivers into the demo user's INBOX.
// Both listen on 127.0.0.1 only, speak implicit TLS with a certificate made
// at start from a CA that lives only in memory, and accept AUTH PLAIN over
// that TLS. The demo user's password is random per run and only handed to
// the client in-process; nothing is written to disk.
package demo
