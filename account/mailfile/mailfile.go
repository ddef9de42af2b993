// Package mailfile reads and writes mail files: mbox streams (mboxrd and
// mboxo) and folders of .eml files. It is the codec under wren import and
// wren export; it knows nothing of accounts or the store.
//
// # Round trip
//
// Writing a message and reading it back gives the same Raw, byte for byte,
// with one exception: a non-empty Raw that does not end in "\n" comes back
// with "\n" appended, because the mbox separator ("\n" then "From ") must
// start on a line of its own. So the guarantee is
//
//	read(write(raw)) == raw                 if raw is empty or ends in "\n"
//	read(write(raw)) == raw + "\n"          otherwise
//
// for any bytes (CRLF, NUL, 8-bit, "From " and ">From " lines) in MboxRD.
// MboxO keeps the same guarantee except that a line starting ">From " comes
// back as "From " (see MboxO). .eml files are written and read unchanged.
//
// # Reading mbox
//
// A line starting "From " is a separator when it is the first line of the
// file or follows a blank line ("\n" or "\r\n"). That blank line belongs to
// the separator, not to the message before it; so does a blank line that
// ends the file. Anything else, including headers such as X-Mozilla-Status,
// is part of Raw as found. Lines are split at "\n" only.
//
// A reading loop goes on past damage that allows it:
//
//	for {
//		msg, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		var ce *CorruptError
//		if errors.As(err, &ce) && ce.Resumable {
//			report(ce)
//			continue
//		}
//		if err != nil {
//			return err
//		}
//		store(msg)
//	}
//
// Thunderbird keeps each folder as an mbox without extension beside a .msf
// index (not mail), sub-folders in "<name>.sbd" folders, and quotes like
// mboxo ("From - <date>" lines, X-Mozilla-Status headers, which stay in
// Raw). Messages it deleted but did not compact away are still in the file,
// marked in X-Mozilla-Status; telling them apart is the importer's choice.
package mailfile

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"wren/account"
)

// Format is an mbox dialect.
type Format int

const (
	// MboxRD quotes reversibly: on write every line matching ^>*From  gets
	// one more '>', on read one less.
	MboxRD Format = iota
	// MboxO quotes only ^From  to >From  on write, and on read turns
	// ^>From  back into From . That loses a line that really started
	// ">From ": it reads back as "From ". Lines with two or more '>' are
	// left alone both ways, so they survive.
	MboxO
)

func (f Format) String() string {
	switch f {
	case MboxRD:
		return "mboxrd"
	case MboxO:
		return "mboxo"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// ErrUnknownFormat: ParseFormat was given a name it does not know.
var ErrUnknownFormat = errors.New("unknown mbox format")

// ParseFormat reads "mboxrd" or "mboxo" (any case).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "mboxrd":
		return MboxRD, nil
	case "mboxo":
		return MboxO, nil
	}
	return 0, fmt.Errorf("%w: %q (use mboxrd or mboxo)", ErrUnknownFormat, s)
}

// Message is one message read from a file or written to one.
type Message struct {
	// Raw is the message exactly as it was (line endings as in the file,
	// From-quoting undone). See the package comment for the one byte a
	// round trip may add.
	Raw []byte
	// Sender is the envelope sender of the mbox "From " line as found
	// ("MAILER-DAEMON", "-" …); "" for .eml. On write "" becomes
	// MAILER-DAEMON.
	Sender string
	// Date is the asctime date of the "From " line, in UTC as asctime has no
	// zone; zero when it does not parse, and for .eml. On write zero means
	// now.
	Date time.Time
	// Name is the .eml file name (no directory); "" for mbox.
	Name string
	// Offset is the byte offset of the message's "From " line (0 for .eml).
	Offset int64
	// Line is the 1-based line number of the "From " line (0 for .eml).
	Line int
}

// MaxMessage bounds one message. A larger one is a CorruptError; reading
// goes on with the next message.
const MaxMessage = 64 << 20

// CorruptError says where a file stops being readable. What was read before
// it stays usable.
type CorruptError struct {
	Path   string // the file, as given to the reader
	Offset int64  // byte offset of the damage (for a too large message: of its "From " line)
	Line   int    // 1-based line of the damage
	Reason string
	// Resumable: calling Next again goes on past the damage. For
	// ReadEMLDir every CorruptError is resumable: only that file is skipped.
	Resumable bool
	Err       error // the underlying error, if any
}

func (e *CorruptError) Error() string {
	var b strings.Builder
	b.WriteString("mailfile: ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d (byte %d): ", e.Line, e.Offset)
	}
	b.WriteString(e.Reason)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *CorruptError) Unwrap() error { return e.Err }

// Is makes every CorruptError an account.ErrDamagedFile, for its
// explanation.
func (e *CorruptError) Is(target error) bool { return target == account.ErrDamagedFile }

// Skipped lists the CorruptErrors inside err: the one err is, or each of an
// errors.Join (as ReadEMLDir returns one per skipped file). Other errors in
// it are not listed.
func Skipped(err error) []*CorruptError {
	var out []*CorruptError
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var ce *CorruptError
		if errors.As(err, &ce) {
			out = append(out, ce)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}
