package pop3

import (
	"bytes"
	"math"
	"net/textproto"
	"strconv"
)

// Parsers of the numbers and listings in +OK replies. A malformed line is a
// protocol error; numbers out of range are never truncated.

var (
	errBadNumber = textproto.ProtocolError("malformed number in reply")
	errBadUID    = textproto.ProtocolError("malformed unique-id in UIDL reply")
	errBadLine   = textproto.ProtocolError("malformed listing line")
)

// parseDecimal parses a non-negative decimal of at most max; unlike
// strconv it rejects signs.
func parseDecimal(b []byte, max int64) (int64, error) {
	if len(b) == 0 || len(b) > 19 {
		return 0, errBadNumber
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, errBadNumber
		}
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || n > max {
		return 0, errBadNumber
	}
	return n, nil
}

func parseMsgNum(b []byte) (MsgNum, error) {
	n, err := parseDecimal(b, math.MaxInt32)
	if err != nil || n == 0 {
		return 0, errBadNumber
	}
	return MsgNum(n), nil
}

func parseSize(b []byte) (int64, error) { return parseDecimal(b, math.MaxInt64) }

// parseStat reads "count size" from a STAT reply's text.
func parseStat(text []byte) (count int, size int64, err error) {
	f := bytes.Fields(text)
	if len(f) < 2 {
		return 0, 0, errBadLine
	}
	n, err := parseDecimal(f[0], math.MaxInt32)
	if err != nil {
		return 0, 0, err
	}
	size, err = parseSize(f[1])
	if err != nil {
		return 0, 0, err
	}
	return int(n), size, nil
}

// parseScan reads a scan listing, "msg size"; RFC 1939 allows (and
// discourages) more after the size, which is ignored.
func parseScan(line []byte) (Msg, error) {
	f := bytes.Fields(line)
	if len(f) < 2 {
		return Msg{}, errBadLine
	}
	n, err := parseMsgNum(f[0])
	if err != nil {
		return Msg{}, err
	}
	size, err := parseSize(f[1])
	if err != nil {
		return Msg{}, err
	}
	return Msg{Num: n, Size: size}, nil
}

// parseUIDLine reads a unique-id listing, "msg uid".
func parseUIDLine(line []byte) (MsgUID, error) {
	f := bytes.Fields(line)
	if len(f) != 2 {
		return MsgUID{}, errBadLine
	}
	n, err := parseMsgNum(f[0])
	if err != nil {
		return MsgUID{}, err
	}
	uid := UID(f[1])
	if !uid.Valid() {
		return MsgUID{}, errBadUID
	}
	return MsgUID{Num: n, UID: uid}, nil
}
