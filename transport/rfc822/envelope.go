package rfc822

import "strings"

// envelope fills the header-derived fields of m.
func (p *parser) envelope(m *Message, h Header) {
	unknown := false
	m.Subject = cleanText(strings.TrimSpace(decodeWords(h.Get("Subject"), &unknown)))
	if unknown {
		m.warn(WarnCharset, "", "unknown charset in the subject")
	}
	for _, a := range []struct {
		key string
		dst *[]Address
	}{
		{"From", &m.From}, {"Sender", &m.Sender}, {"Reply-To", &m.ReplyTo},
		{"To", &m.To}, {"Cc", &m.Cc}, {"Bcc", &m.Bcc},
	} {
		for _, v := range h.Values(a.key) {
			l, ok := parseAddressList(v)
			if !ok {
				m.warn(WarnAddress, "", "%s: an address did not parse", a.key)
			}
			*a.dst = append(*a.dst, l...)
		}
	}
	if v := h.Get("Date"); strings.TrimSpace(v) != "" {
		t, ok := parseDate(v)
		if !ok {
			m.warn(WarnDate, "", "unreadable date %q", clipString(v, 80))
		}
		m.Date = t
	}
	if v := h.Get("Message-ID"); v != "" {
		ids, ok := parseMsgIDs("Message-Id", v)
		if !ok {
			m.warn(WarnMessageID, "", "malformed Message-ID")
		}
		if len(ids) > 0 {
			m.MessageID = ids[0]
		}
	}
	var ok bool
	if m.InReplyTo, ok = parseMsgIDs("In-Reply-To", h.Get("In-Reply-To")); !ok {
		m.warn(WarnMessageID, "", "malformed In-Reply-To")
	}
	if m.References, ok = parseMsgIDs("References", h.Get("References")); !ok {
		m.warn(WarnMessageID, "", "malformed References")
	}
}

func clipString(s string, n int) string {
	s, _ = clip(s, n)
	return s
}
