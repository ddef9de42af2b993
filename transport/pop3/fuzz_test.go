package pop3

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
)

// FuzzParseResponse feeds arbitrary server output through the reply
// grammar as the client reads it: a status line, then a listing parsed as
// CAPA, LIST and UIDL. Nothing may panic, reads stay within the bounds and
// what is parsed keeps RFC 2449's code syntax.
func FuzzParseResponse(f *testing.F) {
	for _, s := range []string{
		"+OK Dovecot ready.\r\n",
		"+OK POP3 server ready. <1234.123456789@example.org>\r\n",
		"-ERR [AUTH] Authentication failed.\r\n",
		"-ERR [SYS/TEMP] Temporary system problem. Please try again later.\r\n",
		"-ERR [SYS/PERM] Your account is not enabled for POP access.\r\n",
		"-ERR [IN-USE] Mailbox is locked\r\n",
		"-ERR [LOGIN-DELAY] Wait\r\n",
		"-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.\r\n",
		"+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nUSER\r\nSASL PLAIN LOGIN\r\nSTLS\r\nLOGIN-DELAY 900\r\nEXPIRE NEVER\r\n.\r\n",
		"+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n",
		"+OK\r\n1 whqtswO00WBw418f9t5JxYwZ\r\n2 QhdPYR:00WBw1Ph7x7\r\n.\r\n",
		"+OK\r\n..1 stuffed\r\n.\r\n",
		"+ \r\n",
		"+ Y2hhbGxlbmdl\r\n",
		"-ERR [\r\n",
		"-ERR [A/B/C/D] x\r\n",
		"+OK\n1 5\n.\n",
		"* OK [CAPABILITY IMAP4rev1] ready\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const maxLine, maxLines = 512, 64
		r := bufio.NewReaderSize(bytes.NewReader(data), 16)
		st, err := readStatus(r, maxLine)
		if err != nil {
			return
		}
		if len(st.code)+len(st.text) > maxLine {
			t.Fatalf("status %+v longer than the line bound", st)
		}
		if st.code != "" {
			if len(st.code) > maxCodeLen || st.code != strings.ToUpper(st.code) {
				t.Fatalf("code %q", st.code)
			}
			for _, level := range strings.Split(st.code, "/") {
				if level == "" || strings.ContainsAny(level, "] \t") {
					t.Fatalf("code %q has a bad level", st.code)
				}
			}
		}
		parseStat([]byte(st.text))
		parseScan([]byte(st.text))
		parseUIDLine([]byte(st.text))
		var lines [][]byte
		n := 0
		err = readListing(r, maxLine, maxLines, func(l []byte) error {
			n++
			if len(l) > maxLine {
				t.Fatalf("listing line of %d octets", len(l))
			}
			lines = append(lines, append([]byte(nil), l...))
			if m, err := parseUIDLine(l); err == nil && !m.UID.Valid() {
				t.Fatalf("parseUIDLine accepted %q", m.UID)
			}
			if m, err := parseScan(l); err == nil && (m.Num < 1 || m.Size < 0) {
				t.Fatalf("parseScan accepted %+v", m)
			}
			return nil
		})
		if n > maxLines {
			t.Fatalf("%d listing lines, bound %d", n, maxLines)
		}
		if err == nil {
			parseCaps(lines)
		}
	})
}

// FuzzDotReader checks the dot-unstuffing reader: arbitrary input never
// panics or yields more than it was given, and any text dot-stuffed the
// way a server does comes back unchanged.
func FuzzDotReader(f *testing.F) {
	for _, s := range []string{
		"Subject: x\r\n\r\nbody\r\n",
		".\r\n",
		"..\r\n",
		".hidden\r\n..\r\n...\r\n",
		"no final line end",
		"bare\nLF\n.\n",
		".\rnot an end\r\n",
		"\r\n\r\n",
		"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// Arbitrary wire data.
		out, _ := io.ReadAll(newDotReader(bufio.NewReaderSize(bytes.NewReader(data), 16), 64, 1<<20))
		if len(out) > len(data) {
			t.Fatalf("read %d octets from %d", len(out), len(data))
		}
		// Round trip of stuffed text.
		want := string(data)
		if want != "" && !strings.HasSuffix(want, "\n") {
			want += "\r\n"
		}
		wire := stuff(string(data)) + ".\r\nNEXT"
		r := bufio.NewReaderSize(strings.NewReader(wire), 16)
		got, err := io.ReadAll(newDotReader(r, 1<<20, 1<<20))
		if err != nil || string(got) != want {
			t.Fatalf("round trip of %q = %q, %v", data, got, err)
		}
		if rest, _ := io.ReadAll(r); string(rest) != "NEXT" {
			t.Fatalf("read past the terminator: rest %q", rest)
		}
	})
}
