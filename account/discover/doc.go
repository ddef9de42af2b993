// Package discover finds the mail servers of an email address without
// sending any credential (autodiscovery.md §2.1–2.5, §2.7): it asks every
// source at once — a local override file, the provider's autoconfig over
// HTTPS, the ISPDB, the embedded provider table, the domain's MX, SRV
// records, plain-HTTP autoconfig and credential-free probes of guessed
// host names — and accepts a source's answer only once every
// higher-priority source has settled, so priority beats speed.
//
// The result lists candidates per side (incoming, outgoing), best first,
// each with a trust tier; the verifier (account/verify) logs in later.
package discover
