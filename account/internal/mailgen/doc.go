// Package mailgen generates realistic, deterministic mail for benchmarks,
// the demo account and tests: conversations with correct Message-ID,
// In-Reply-To and References chains and quoted replies, HTML newsletters
// with remote and cid: images, attachments of several types and sizes,
// non-ASCII names and subjects, mailing-list headers, and a few junk
// messages, spread over folders and dates. With Options.Transport the
// messages also carry the trace and authentication fields servers add on
// the way (Received chains, DKIM and ARC signatures, filter verdicts).
//
// The same seed and Options always give the same bytes. Messages are
// written with transport/rfc822.Build wherever a Draft can express them;
// its random MIME boundaries are replaced with seed-derived ones so the
// output stays reproducible. The package does no I/O of its own.
package mailgen
