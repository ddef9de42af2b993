// Package verify checks mail server settings before an account is saved
// (autodiscovery.md §2.4 and §2.6): Probe connects without any credential
// and reports what the server offers after TLS; Verify then logs in with at
// most two password attempts per server, only over verified (or pinned)
// TLS, only to servers probed in the same run and only to hosts the user
// confirmed when they need confirmation. No message is ever sent.
package verify
