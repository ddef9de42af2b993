package pop3

import "strconv"

// MsgNum is a message number: 1-based and valid for one session only (RFC
// 1939 §3). Deleted messages keep their numbers until the session ends.
type MsgNum int

func (n MsgNum) String() string { return strconv.Itoa(int(n)) }

// valid reports whether n can be sent; the server never numbers from 0.
func (n MsgNum) valid() bool { return n >= 1 }

// UID is a unique-id listing entry (RFC 1939 §7): stable across sessions,
// 1 to 70 characters from 0x21 to 0x7E.
type UID string

// MaxUIDLen is the longest UID RFC 1939 allows.
const MaxUIDLen = 70

// Valid reports whether u has the length and characters RFC 1939 allows.
func (u UID) Valid() bool {
	if len(u) == 0 || len(u) > MaxUIDLen {
		return false
	}
	for i := 0; i < len(u); i++ {
		if u[i] < 0x21 || u[i] > 0x7e {
			return false
		}
	}
	return true
}

// Msg is one line of a LIST scan listing.
type Msg struct {
	Num  MsgNum
	Size int64 // octets as the server counts them (CRLF line ends)
}

// MsgUID is one line of a UIDL unique-id listing.
type MsgUID struct {
	Num MsgNum
	UID UID
}
