package mailfile

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// BenchmarkMboxRead reads a generated mbox of 20,000 messages of about
// 2 KiB each, some with quoted "From " lines. Run it with -bench; it is not
// part of the normal tests.
func BenchmarkMboxRead(b *testing.B) {
	var buf bytes.Buffer
	w := NewMboxWriter(&buf, MboxRD)
	body := strings.Repeat("A line of body text that is about as long as mail lines tend to be.\r\n", 28)
	for i := range 20000 {
		raw := fmt.Sprintf("From: a%d@example.org\r\nSubject: message %d\r\nX-Mozilla-Status: 0001\r\n\r\n%sFrom the body %d\r\n", i, i, body, i)
		if err := w.Write(Message{Raw: []byte(raw), Date: time.Unix(int64(i)*60, 0)}); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r := NewMboxReader(bytes.NewReader(data), MboxRD, "bench")
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 20000 {
			b.Fatalf("read %d messages", n)
		}
	}
}
