// Package bench measures Wren's sync, search and send paths against the
// harness's real Dovecot and Postfix, each beside a minimal raw client run
// in the same process, and prints the figures as a Markdown table (issue
// 4). The measurements live in the test files and run with `make bench`;
// the non-test files hold the small helpers they share: peak-RSS reading,
// Maildir loading and the table.
package bench
