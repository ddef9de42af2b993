package store

// migrations is the schema history. Never edit a released step: add a new
// version instead.
var migrations = []migration{
	{version: 1, steps: schemaV1},
	{version: 2, steps: schemaV2},
	{version: 3, steps: schemaV3},
	{version: 4, steps: schemaV4},
	{version: 5, steps: schemaV5},
	{version: 6, steps: schemaV6},
	{version: 7, steps: schemaV7},
	{version: 8, steps: schemaV8},
	{version: 9, steps: schemaV9},
	{version: 10, steps: schemaV10},
	{version: 11, steps: schemaV11},
}

// schemaV1: folders, messages, threads and the full-text index.
var schemaV1 = []string{
	`CREATE TABLE folders (
		id            INTEGER PRIMARY KEY,
		account       TEXT NOT NULL,
		name          TEXT NOT NULL,
		role          TEXT NOT NULL DEFAULT '',
		uidvalidity   INTEGER NOT NULL DEFAULT 0,
		uidnext       INTEGER NOT NULL DEFAULT 0,
		highestmodseq INTEGER NOT NULL DEFAULT 0,
		total         INTEGER NOT NULL DEFAULT 0,
		unread        INTEGER NOT NULL DEFAULT 0,
		UNIQUE (account, name)
	)`,
	`CREATE INDEX folders_role ON folders (role)`,
	// flags is a bit set (see flagBits); keywords holds the rest, one per
	// line. sender is the lower-cased display sender, the sort key.
	`CREATE TABLE messages (
		id             INTEGER PRIMARY KEY,
		folder_id      INTEGER NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
		uid            INTEGER NOT NULL,
		uidvalidity    INTEGER NOT NULL,
		modseq         INTEGER NOT NULL DEFAULT 0,
		flags          INTEGER NOT NULL DEFAULT 0,
		keywords       TEXT NOT NULL DEFAULT '',
		date           INTEGER NOT NULL,
		from_name      TEXT NOT NULL DEFAULT '',
		from_addr      TEXT NOT NULL DEFAULT '',
		sender         TEXT NOT NULL DEFAULT '',
		to_list        TEXT NOT NULL DEFAULT '',
		cc_list        TEXT NOT NULL DEFAULT '',
		subject        TEXT NOT NULL DEFAULT '',
		message_id     TEXT NOT NULL DEFAULT '',
		in_reply_to    TEXT NOT NULL DEFAULT '',
		refs           TEXT NOT NULL DEFAULT '',
		size           INTEGER NOT NULL DEFAULT 0,
		has_attachment INTEGER NOT NULL DEFAULT 0,
		snippet        TEXT NOT NULL DEFAULT '',
		thread_id      INTEGER NOT NULL,
		UNIQUE (folder_id, uid)
	)`,
	`CREATE INDEX messages_folder_date ON messages (folder_id, date, id)`,
	`CREATE INDEX messages_folder_sender ON messages (folder_id, sender, date DESC, id DESC)`,
	`CREATE INDEX messages_folder_unread ON messages (folder_id, date, id) WHERE flags & 1 = 0`,
	`CREATE INDEX messages_folder_flagged ON messages (folder_id, date, id) WHERE flags & 4 != 0`,
	`CREATE INDEX messages_date ON messages (date, id)`,
	`CREATE INDEX messages_thread ON messages (thread_id, date)`,
	// thread_keys maps a Message-ID (or "s:" + a normalised subject) seen in
	// an account to the thread it belongs to.
	`CREATE TABLE threads (id INTEGER PRIMARY KEY)`,
	`CREATE TABLE thread_keys (
		account   TEXT NOT NULL,
		key       TEXT NOT NULL,
		thread_id INTEGER NOT NULL,
		PRIMARY KEY (account, key)
	) WITHOUT ROWID`,
	`CREATE INDEX thread_keys_thread ON thread_keys (thread_id)`,
	// Contentless: the text lives in messages (and the body is not kept),
	// the index only maps words to message ids. Inserts are indexed by
	// UpsertMessages in one statement per batch (a per-row trigger makes
	// FTS5 flush at every statement); deletes by the trigger.
	`CREATE VIRTUAL TABLE message_fts USING fts5 (
		sender, recipients, cc, subject, body,
		content = '', contentless_delete = 1,
		tokenize = 'unicode61 remove_diacritics 2'
	)`,
	`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
		DELETE FROM message_fts WHERE rowid = old.id;
	END`,
}

// schemaV2: the outbox and the queue of user actions for the server.
var schemaV2 = []string{
	`CREATE TABLE outbox (
		id          INTEGER PRIMARY KEY,
		account     TEXT NOT NULL,
		mail_from   TEXT NOT NULL,
		rcpt_to     TEXT NOT NULL,
		raw         BLOB NOT NULL,
		message_id  TEXT NOT NULL DEFAULT '',
		state       TEXT NOT NULL,
		attempts    INTEGER NOT NULL DEFAULT 0,
		next_at     INTEGER NOT NULL DEFAULT 0,
		last_error  TEXT NOT NULL DEFAULT '',
		sent_copy   INTEGER NOT NULL DEFAULT 0,
		created     INTEGER NOT NULL
	)`,
	`CREATE INDEX outbox_state ON outbox (state, next_at)`,
	`CREATE TABLE actions (
		id      INTEGER PRIMARY KEY,
		account TEXT NOT NULL,
		folder  TEXT NOT NULL,
		uids    TEXT NOT NULL,
		action  TEXT NOT NULL,
		args    TEXT NOT NULL DEFAULT '',
		created INTEGER NOT NULL
	)`,
	`CREATE INDEX actions_account ON actions (account, id)`,
}

// schemaV3: parts of messages (structure always, content while cached).
var schemaV3 = []string{
	`CREATE TABLE parts (
		message_id   INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
		part         TEXT NOT NULL,
		content_type TEXT NOT NULL DEFAULT '',
		filename     TEXT NOT NULL DEFAULT '',
		size         INTEGER NOT NULL DEFAULT 0,
		stored       INTEGER NOT NULL DEFAULT 0,
		data         BLOB,
		last_used    INTEGER NOT NULL DEFAULT 0,
		PRIMARY KEY (message_id, part)
	)`,
	`CREATE INDEX parts_lru ON parts (last_used) WHERE data IS NOT NULL`,
}

// schemaV4: POP3 downloads. pop3 remembers every UIDL ever downloaded, so
// a message the user deleted locally is not downloaded again; sources
// holds whole messages whose only copy is local (outside the part budget:
// evicting them would lose mail).
var schemaV4 = []string{
	`CREATE TABLE pop3 (
		account    TEXT NOT NULL,
		uidl       TEXT NOT NULL,
		downloaded INTEGER NOT NULL,
		PRIMARY KEY (account, uidl)
	) WITHOUT ROWID`,
	`CREATE TABLE sources (
		message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
		raw        BLOB NOT NULL
	)`,
}

// schemaV5: threading and the full-text index leave the write path. A row
// stored with thread_id 0 is not threaded or indexed yet; CatchUp does
// both later (see catchup.go). Such a row has no index entry, so deleting
// it must not touch the index.
var schemaV5 = []string{
	`DROP TRIGGER messages_fts_delete`,
	`CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.thread_id > 0 BEGIN
		DELETE FROM message_fts WHERE rowid = old.id;
	END`,
}

// schemaV6 takes three more indexes off the write path: the sender sort,
// the cross-folder date order and the thread lookup hold caught-up rows
// only (thread_id > 0), so a header insert no longer updates them (about
// a third of its cost); CatchUp adds a row to them when it threads it, and
// every read catches up first, so queries that name "thread_id > 0" (as
// they must, for SQLite to pick a partial index) still see every row.
// messages_pending finds the rows waiting for CatchUp. The pop3 table's
// separate pending-mark rows become a column: one row per UIDL.
var schemaV6 = []string{
	`DROP INDEX messages_folder_sender`,
	`CREATE INDEX messages_folder_sender ON messages (folder_id, sender, date DESC, id DESC) WHERE thread_id > 0`,
	`DROP INDEX messages_date`,
	`CREATE INDEX messages_date ON messages (date, id) WHERE thread_id > 0`,
	`DROP INDEX messages_thread`,
	`CREATE INDEX messages_thread ON messages (thread_id, date) WHERE thread_id > 0`,
	`CREATE INDEX messages_pending ON messages (id) WHERE thread_id = 0`,
	// pending_uid is the local UID of a message listed by its header whose
	// source is not kept yet; 0 once it is.
	`ALTER TABLE pop3 ADD COLUMN pending_uid INTEGER NOT NULL DEFAULT 0`,
	`UPDATE pop3 SET pending_uid = coalesce((SELECT k.downloaded FROM pop3 k
		WHERE k.account = pop3.account AND k.uidl = ' pending ' || pop3.uidl), 0)
		WHERE substr(uidl, 1, 9) != ' pending '`,
	`DELETE FROM pop3 WHERE substr(uidl, 1, 9) = ' pending '`,
}

// schemaV7: a POP3 account's sent mail is kept in its local Sent folder.
// Its messages sent before were marked as needing no Sent copy; marking
// them as still needing one makes the outbox file them there once (it
// does for every sent message not yet copied). A POP3 account is one that
// has downloaded mail.
var schemaV7 = []string{
	`UPDATE outbox SET sent_copy = 0 WHERE state = 'sent' AND account IN (SELECT account FROM pop3)`,
}

// schemaV8: a message refused for some recipients may be sent to the
// others when the user says so (issue #12); the choice is kept with it.
var schemaV8 = []string{
	`ALTER TABLE outbox ADD COLUMN allow_partial INTEGER NOT NULL DEFAULT 0`,
}

// schemaV9: a message is kept as a file beside the store (issue #17: sent
// from the file, never held whole in memory); raw stays for the messages
// queued before.
var schemaV9 = []string{
	`ALTER TABLE outbox ADD COLUMN file TEXT NOT NULL DEFAULT ''`,
}

// schemaV10: processes sharing the store (the window and the command
// line) claim a message before sending it; owner names the claimant
// (account/internal/owner), so a message is never sent by two of them.
var schemaV10 = []string{
	`ALTER TABLE outbox ADD COLUMN owner TEXT NOT NULL DEFAULT ''`,
}

// schemaV11: thread keys are stored as 64-bit hashes of the account and
// the key (keyHash, the SQL function wren_key_hash): a fifth of the size,
// and a long first sync can hold all it has seen in memory. Two stored
// keys sharing a hash join their threads (OR REPLACE keeps one).
var schemaV11 = []string{
	`CREATE TABLE thread_hashes (hash INTEGER PRIMARY KEY, thread_id INTEGER NOT NULL)`,
	`INSERT OR REPLACE INTO thread_hashes (hash, thread_id)
		SELECT wren_key_hash(account, key), thread_id FROM thread_keys ORDER BY 1`,
	`DROP TABLE thread_keys`,
	`CREATE INDEX thread_hashes_thread ON thread_hashes (thread_id)`,
}
