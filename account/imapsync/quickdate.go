package imapsync

import (
	"net/mail"
	"time"
)

// parseDate reads a Date field. Nearly every mailer writes the one
// canonical form ("Tue, 3 Mar 2026 10:11:12 +0100", maybe with a zone
// comment), which is read directly; anything else goes to net/mail, which
// tries a dozen layouts and costs ten times as much.
func parseDate(v string) (time.Time, bool) {
	if t, ok := quickDate(v); ok {
		return t, true
	}
	t, err := mail.ParseDate(v)
	return t, err == nil
}

// quickDate reads "[Day, ]D Mon YYYY HH:MM[:SS] ±HHMM[ (comment)]" with
// canonically spelled names; ok is false for anything else.
func quickDate(v string) (t time.Time, ok bool) {
	s := v
	if len(s) >= 5 && s[3] == ',' && s[4] == ' ' {
		if !isName(s[:3], weekdays) {
			return t, false
		}
		s = s[5:]
	}
	day, s, ok := digits(s, 1, 2)
	if !ok || !cut(&s, ' ') || len(s) < 4 {
		return t, false
	}
	month := nameIndex(s[:3], months)
	s = s[3:]
	if month < 0 || !cut(&s, ' ') {
		return t, false
	}
	year, s, ok := digits(s, 4, 4)
	if !ok || !cut(&s, ' ') {
		return t, false
	}
	hour, s, ok := digits(s, 2, 2)
	if !ok || !cut(&s, ':') {
		return t, false
	}
	minute, s, ok := digits(s, 2, 2)
	if !ok {
		return t, false
	}
	sec := 0
	if cut(&s, ':') {
		if sec, s, ok = digits(s, 2, 2); !ok {
			return t, false
		}
	}
	if !cut(&s, ' ') || len(s) < 5 || (s[0] != '+' && s[0] != '-') {
		return t, false
	}
	zh, _, ok1 := digits(s[1:3], 2, 2)
	zm, _, ok2 := digits(s[3:5], 2, 2)
	if !ok1 || !ok2 || zh > 23 || zm > 59 {
		return t, false
	}
	if rest := s[5:]; rest != "" && !zoneComment(rest) {
		return t, false
	}
	if day < 1 || day > daysIn(time.Month(month+1), year) || hour > 23 || minute > 59 || sec > 59 {
		return t, false
	}
	offset := (zh*60 + zm) * 60
	if s[0] == '-' {
		offset = -offset
	}
	return time.Date(year, time.Month(month+1), day, hour, minute, sec, 0, time.FixedZone("", offset)), true
}

var (
	weekdays = []string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}
	months   = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

func isName(s string, names []string) bool { return nameIndex(s, names) >= 0 }

func nameIndex(s string, names []string) int {
	for i, n := range names {
		if s == n {
			return i
		}
	}
	return -1
}

// digits reads min to most ASCII digits from the start of s.
func digits(s string, least, most int) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < most && '0' <= s[i] && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n, s[i:], i >= least
}

// cut removes c from the start of *s, reporting whether it was there.
func cut(s *string, c byte) bool {
	if len(*s) == 0 || (*s)[0] != c {
		return false
	}
	*s = (*s)[1:]
	return true
}

// zoneComment is " (UTC)" and the like: a space and one plain comment.
func zoneComment(s string) bool {
	if len(s) < 3 || s[0] != ' ' || s[1] != '(' || s[len(s)-1] != ')' {
		return false
	}
	for i := 2; i < len(s)-1; i++ {
		if c := s[i]; c < ' ' || c > '~' || c == '(' || c == ')' || c == '\\' {
			return false
		}
	}
	return true
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
