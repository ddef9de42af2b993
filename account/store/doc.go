// Package store is Wren's offline store: one SQLite file per profile that
// holds the folders and message headers the sync engines fetch, the bodies
// and attachments cached on demand, a full-text index, the outbox and the
// queue of user actions waiting for the server. The GUI reads only from
// here, so every list query is paged and served from an index.
//
// A Store is safe for concurrent use: writes go through one connection
// (SQLite allows one writer at a time anyway), reads through a small pool
// that sees consistent snapshots thanks to WAL mode.
package store
