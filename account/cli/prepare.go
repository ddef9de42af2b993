package cli

import (
	"bytes"
	"strings"
	"time"

	"wren/transport/rfc822"
)

// prepare readies a message file for submission: Bcc is removed from the
// header (its addresses stay in the envelope), and a missing Message-ID
// or Date is added, so the outbox and the Sent copy can name the message.
// It returns the bytes and the Message-ID.
func prepare(raw []byte, msg *rfc822.Message, from string) ([]byte, string) {
	head, body := splitHeader(raw)
	var out bytes.Buffer
	id := msg.MessageID
	if id == "" {
		id = rfc822.NewMessageID(from)
		out.WriteString("Message-ID: <" + id + ">\r\n")
	}
	if msg.Date.IsZero() {
		out.WriteString("Date: " + time.Now().Format(time.RFC1123Z) + "\r\n")
	}
	skipping := false
	for _, line := range splitLines(head) {
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
			if !skipping {
				out.Write(line)
			}
			continue
		}
		name, _, _ := bytes.Cut(line, []byte(":"))
		skipping = strings.EqualFold(strings.TrimSpace(string(name)), "bcc")
		if !skipping {
			out.Write(line)
		}
	}
	out.Write(body)
	return out.Bytes(), id
}

// splitHeader splits at the first empty line; body keeps that line.
func splitHeader(raw []byte) (head, body []byte) {
	for _, sep := range [][]byte{[]byte("\r\n\r\n"), []byte("\n\n")} {
		if i := bytes.Index(raw, sep); i >= 0 {
			end := i + len(sep)/2
			return raw[:end], raw[end:]
		}
	}
	return raw, nil
}

// splitLines keeps each line's ending.
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			out = append(out, b)
			break
		}
		out = append(out, b[:i+1])
		b = b[i+1:]
	}
	return out
}
