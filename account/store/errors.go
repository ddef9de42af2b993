package store

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

var (
	// ErrNotFound: no such folder, message, part or outbox item.
	ErrNotFound = errors.New("not found in the local store")
	// ErrNotCached: the part is known but its content is not (or no
	// longer) cached; fetch it from the server and PutPart it.
	ErrNotCached = errors.New("part content not cached")
	// ErrUIDValidity: messages were offered for a UIDVALIDITY other than
	// the folder's; the caller must ResetFolder first.
	ErrUIDValidity = errors.New("UIDVALIDITY does not match the folder's")
	// ErrTooNew: the file was written by a newer Wren (its schema
	// version is above the one this build knows).
	ErrTooNew = errors.New("store file is from a newer version of Wren")
	// ErrMigration: upgrading the file's schema failed; the file is left
	// as it was.
	ErrMigration = errors.New("store upgrade failed")
	// ErrBadQuery: the search text cannot be understood (a bad date, an
	// unknown is:/has: value).
	ErrBadQuery = errors.New("search query not understood")
)

// isBusy says whether err is SQLite finding the file locked by another
// connection.
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// isForeignKey says whether err is SQLite refusing a row whose parent is
// missing.
func isForeignKey(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}
