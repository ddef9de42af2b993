package pop3

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"

	"wren/transport"
)

func readDot(in string, bufSize, maxLine int, max int64) (got, rest string, err error) {
	r := bufio.NewReaderSize(strings.NewReader(in), bufSize)
	b, err := io.ReadAll(newDotReader(r, maxLine, max))
	tail, _ := io.ReadAll(r)
	return string(b), string(tail), err
}

func TestDotReader(t *testing.T) {
	for _, tc := range []struct {
		name, in, want, rest string
	}{
		{"empty body", ".\r\n", "", ""},
		{"plain", "a\r\nb\r\n.\r\nNEXT", "a\r\nb\r\n", "NEXT"},
		{"stuffed", "..\r\n...x\r\n.y\r\n.\r\n", ".\r\n..x\r\ny\r\n", ""},
		{"bare LF kept", "a\nb\r\n.\n+OK", "a\nb\r\n", "+OK"},
		{"dot CR not end", ".\rx\r\n.\r\n", "\rx\r\n", ""},
		{"long line", strings.Repeat("z", 100) + "\r\n.\r\n", strings.Repeat("z", 100) + "\r\n", ""},
		{"dot in line", "a.\r\n. b\r\n.\r\n", "a.\r\n b\r\n", ""},
	} {
		got, rest, err := readDot(tc.in, 16, 1000, 1000)
		if err != nil || got != tc.want || rest != tc.rest {
			t.Errorf("%s: got %q, %v, rest %q; want %q, rest %q", tc.name, got, err, rest, tc.want, tc.rest)
		}
	}
}

func TestDotReaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		maxLine int
		max     int64
		want    error
		got     string
	}{
		{"no terminator", "a\r\nb\r\n", 100, 100, io.ErrUnexpectedEOF, "a\r\nb\r\n"},
		{"cut mid-line", "a\r\nhal", 100, 100, io.ErrUnexpectedEOF, "a\r\nhal"},
		{"cut after dot", "a\r\n.", 100, 100, io.ErrUnexpectedEOF, "a\r\n"},
		{"line too long", "a\r\n" + strings.Repeat("x", 50) + "\r\n.\r\n", 40, 1000, transport.ErrTooLarge, "a\r\n" + strings.Repeat("x", 16)},
		{"body too large", strings.Repeat("0123456789\r\n", 10) + ".\r\n", 100, 50, transport.ErrTooLarge, strings.Repeat("0123456789\r\n", 4)},
		{"stuffed dot counts", ".." + strings.Repeat("x", 38) + "\r\n.\r\n", 40, 1000, transport.ErrTooLarge, ""},
	} {
		got, _, err := readDot(tc.in, 16, tc.maxLine, tc.max)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
		if !strings.HasPrefix(got, tc.got) || int64(len(got)) > tc.max {
			t.Errorf("%s: got %q, want the prefix %q within %d octets", tc.name, got, tc.got, tc.max)
		}
	}
}

// The exact limit is allowed; one octet more is not.
func TestDotReaderExactLimit(t *testing.T) {
	body := "12345678\r\n" // 10 octets
	if got, _, err := readDot(body+".\r\n", 16, 100, 10); err != nil || got != body {
		t.Errorf("at the limit: %q, %v", got, err)
	}
	if _, _, err := readDot(body+".\r\n", 16, 100, 9); !errors.Is(err, transport.ErrTooLarge) {
		t.Errorf("one over the limit: %v, want ErrTooLarge", err)
	}
}

// A terminator ".\n" is recognised without waiting for more octets.
func TestDotReaderDoesNotOverRead(t *testing.T) {
	pr, pw := io.Pipe()
	go func() { pw.Write([]byte("a\r\n.\n")) }() // then nothing, no close
	d := newDotReader(bufio.NewReaderSize(pr, 16), 100, 100)
	got, err := io.ReadAll(d)
	if err != nil || string(got) != "a\r\n" {
		t.Errorf("got %q, %v", got, err)
	}
	pw.Close()
}
